package io.trainyard.tracking.rest;

import io.trainyard.common.TrainyardException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the MLflow tracking server is and how to authenticate, as MLflow's own clients read it:
 * {@code MLFLOW_TRACKING_URI}, {@code MLFLOW_TRACKING_TOKEN} (Bearer), {@code MLFLOW_TRACKING_USERNAME}
 * and {@code _PASSWORD} (Basic, preferred over the token as in MLflow's Java client) and
 * {@code MLFLOW_TRACKING_INSECURE_TLS}.
 *
 * @param uri         an {@code http(s)://} server URI
 * @param token       Bearer token, or null
 * @param username    Basic auth user, or null
 * @param password    Basic auth password, or null
 * @param insecureTls skip TLS certificate and host name checks (self-signed servers only)
 */
public record TrackingConfig(URI uri, String token, String username, String password, boolean insecureTls) {

    public TrackingConfig {
        if (uri == null || uri.getScheme() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
            throw TrainyardException.usage("MLFLOW_TRACKING_URI must be an http(s):// server URI, found '" + uri
                    + "'. Set it to e.g. http://127.0.0.1:5000, or unset it to use the embedded server.");
        }
        if ((username == null) != (password == null)) {
            throw TrainyardException.usage("MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD must be set"
                    + " together, found only " + (username == null ? "the password" : "the username") + ".");
        }
        String text = uri.toString();
        uri = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    /** A server without authentication (the embedded one, tests). */
    public static TrackingConfig of(URI uri) {
        return new TrackingConfig(uri, null, null, null, false);
    }

    /** Reads the MLFLOW_TRACKING_* variables; empty when MLFLOW_TRACKING_URI is unset or blank. */
    public static Optional<TrackingConfig> fromEnvironment(Map<String, String> env) {
        String uri = blankToNull(env.get("MLFLOW_TRACKING_URI"));
        if (uri == null) {
            return Optional.empty();
        }
        URI parsed;
        try {
            parsed = URI.create(uri.trim());
        } catch (IllegalArgumentException e) {
            throw TrainyardException.usage("MLFLOW_TRACKING_URI '" + uri + "' is not a valid URI: "
                    + e.getMessage() + ". Set it to e.g. http://127.0.0.1:5000.");
        }
        String insecure = Optional.ofNullable(env.get("MLFLOW_TRACKING_INSECURE_TLS")).orElse("false");
        return Optional.of(new TrackingConfig(parsed, blankToNull(env.get("MLFLOW_TRACKING_TOKEN")),
                blankToNull(env.get("MLFLOW_TRACKING_USERNAME")), blankToNull(env.get("MLFLOW_TRACKING_PASSWORD")),
                insecure.trim().toLowerCase(Locale.ROOT).equals("true")));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Never prints secrets. */
    @Override
    public String toString() {
        return "TrackingConfig[uri=" + uri + ", auth=" + (username != null ? "basic" : token != null ? "bearer" : "none")
                + ", insecureTls=" + insecureTls + "]";
    }
}
