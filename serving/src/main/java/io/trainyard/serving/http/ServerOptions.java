package io.trainyard.serving.http;

import io.trainyard.common.TrainyardException;
import java.time.Duration;

/**
 * How the server listens and what it accepts.
 *
 * @param host interface to bind; loopback unless the operator opens it
 * @param port TCP port, 0 for any free one
 * @param maxBodyBytes request bodies above this get 413
 * @param ratePerSecond predict requests a second over all clients (token bucket); 0 = unlimited
 * @param threads worker threads scoring requests; each ONNX Runtime call uses one core
 * @param queue requests waiting for a worker before new ones are answered 503
 * @param rejectUnknownCategories refuse categorical values training never saw (422) instead of scoring
 *     them the model's way (their own "unseen" slot)
 * @param drainTimeout how long shutdown waits for in-flight requests
 */
public record ServerOptions(String host, int port, int maxBodyBytes, double ratePerSecond, int threads, int queue,
                            boolean rejectUnknownCategories, Duration drainTimeout) {
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

    public ServerOptions {
        if (port < 0 || port > 65_535) {
            throw TrainyardException.usage("Port " + port + " is out of range; use 1-65535, or 0 for any free port");
        }
        if (maxBodyBytes < 1) {
            throw TrainyardException.usage("The body size limit must be at least 1 byte, found " + maxBodyBytes);
        }
        if (ratePerSecond < 0) {
            throw TrainyardException.usage("The rate limit must be 0 (unlimited) or more, found " + ratePerSecond);
        }
        if (threads < 1 || queue < 1) {
            throw TrainyardException.usage("Threads and queue must be at least 1, found " + threads + " and " + queue);
        }
    }

    /** Loopback on {@code port}, 1 MiB bodies, no rate limit, two workers per core. */
    public static ServerOptions defaults(int port) {
        int threads = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
        return new ServerOptions("127.0.0.1", port, DEFAULT_MAX_BODY_BYTES, 0, threads, 1024, false,
                Duration.ofSeconds(10));
    }
}
