package io.trainyard.serving.features;

import io.trainyard.common.TrainyardException;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where the online store listens: {@code host:port} or {@code redis://host:port}.
 *
 * @param host the Redis host
 * @param port its port
 */
public record RedisAddress(String host, int port) implements Serializable {
    public static final int DEFAULT_PORT = 6379;

    /** Parses {@code localhost:6379}, {@code redis://localhost:6379} or a bare host (port 6379). */
    public static RedisAddress parse(String text) {
        String value = text == null ? "" : text.trim();
        String withScheme = value.contains("://") ? value : "redis://" + value;
        try {
            URI uri = new URI(withScheme);
            if (!"redis".equals(uri.getScheme()) || uri.getHost() == null || uri.getPath() != null
                    && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
                throw new URISyntaxException(value, "not redis://host:port");
            }
            return new RedisAddress(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort());
        } catch (URISyntaxException e) {
            throw TrainyardException.usage("Redis address '" + value + "' is not host:port or redis://host:port,"
                    + " e.g. localhost:6379");
        }
    }

    @Override
    public String toString() {
        return "redis://" + host + ":" + port;
    }
}
