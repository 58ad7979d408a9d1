package io.trainyard.tracking.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.common.ErrorCategory;
import io.trainyard.common.TrainyardException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The MLflow REST API where the official Java client cannot go: registry writes, aliases, DELETE
 * calls and the {@code mlflow-artifacts} proxy. JDK {@link HttpClient} plus Jackson.
 *
 * <p>Retries: a refused connection (or a connect timeout) means the request never reached the
 * server, so it is retried for every call, a bounded number of times, then reported as
 * TRACKING_UNREACHABLE. Any other failure (5xx, 429, a reset or read timeout after sending) is
 * retried with exponential backoff only for {@link Retry#IDEMPOTENT} calls: GETs, PUTs of an
 * artifact, and writes whose repetition has no further effect (set-tag, set-alias). Everything else
 * fails on the first error, because a retry could repeat a side effect.
 */
public final class MlflowRest {
    /** Whether a call may be repeated after it possibly reached the server. */
    public enum Retry { IDEMPOTENT, ONCE }

    private static final Logger LOG = LogManager.getLogger(MlflowRest.class);
    private static final int CONNECT_ATTEMPTS = 3;
    private static final int IDEMPOTENT_ATTEMPTS = 4;
    private static final long FIRST_BACKOFF_MILLIS = 200;
    private static final Duration JSON_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration FILE_TIMEOUT = Duration.ofMinutes(30);

    private final TrackingConfig config;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    private MlflowRest(TrackingConfig config) {
        this.config = config;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (config.insecureTls()) {
            builder.sslContext(InsecureTls.context());
        }
        this.http = builder.build();
    }

    public static MlflowRest connect(TrackingConfig config) {
        return new MlflowRest(config);
    }

    public TrackingConfig config() {
        return config;
    }

    public ObjectMapper json() {
        return json;
    }

    /** GET {@code /api/2.0/<path>?<query>}; always retried. */
    public JsonNode get(String path, Map<String, String> query) {
        HttpRequest request = request(path + queryString(query), JSON_TIMEOUT).GET().build();
        return parse(request, execute(request, Retry.IDEMPOTENT));
    }

    /** POST, PATCH or DELETE of a JSON body to {@code /api/2.0/<path>}. */
    public JsonNode send(String method, String path, Object body, Retry retry) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw TrainyardException.internal("Cannot serialise the request to " + path + ": " + e.getMessage(), e);
        }
        HttpRequest request = request(path, JSON_TIMEOUT).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        return parse(request, execute(request, retry));
    }

    /** PUT a file's bytes to {@code /api/2.0/<path>} (an artifact upload; repeating it is harmless). */
    public void upload(String path, Path file) {
        HttpRequest request;
        try {
            request = request(path, FILE_TIMEOUT).header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofFile(file)).build();
        } catch (IOException e) {
            throw TrainyardException.usage("Cannot read " + file + " to upload it: " + e.getMessage() + ".");
        }
        parse(request, execute(request, Retry.IDEMPOTENT));
    }

    /** GET the bytes of {@code /api/2.0/<path>} into {@code target}, written whole or not at all. */
    public void download(String path, Path target) {
        HttpRequest request = request(path, FILE_TIMEOUT).GET().build();
        HttpResponse<InputStream> response = execute(request, Retry.IDEMPOTENT);
        try (InputStream body = response.body()) {
            if (response.statusCode() >= 300) {
                throw error(request, response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path partial = target.resolveSibling(target.getFileName() + ".part");
            Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new TrainyardException(ErrorCategory.TRACKING_UNREACHABLE, "Download of " + request.uri()
                    + " to " + target + " broke off: " + e.getMessage() + ". Re-run the command to retry.", e);
        }
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(config.uri() + "/api/2.0/" + path))
                .timeout(timeout).header("User-Agent", "trainyard");
        if (config.username() != null) {
            String pair = config.username() + ":" + config.password();
            builder.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else if (config.token() != null) {
            builder.header("Authorization", "Bearer " + config.token());
        }
        return builder;
    }

    private HttpResponse<InputStream> execute(HttpRequest request, Retry retry) {
        long backoff = FIRST_BACKOFF_MILLIS;
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                if (!transient5xxOr429(response.statusCode()) || retry == Retry.ONCE
                        || attempt >= IDEMPOTENT_ATTEMPTS) {
                    return response;
                }
                response.body().close();
                LOG.warn("{} {} answered {}; retry {} in {} ms", request.method(), request.uri(),
                        response.statusCode(), attempt, backoff);
            } catch (ConnectException | HttpConnectTimeoutException e) {
                if (attempt >= CONNECT_ATTEMPTS) {
                    throw unreachable(request, attempt, e);
                }
                LOG.warn("{} unreachable ({}); retry {} in {} ms", config.uri(), e, attempt, backoff);
            } catch (IOException e) {
                if (retry == Retry.ONCE || attempt >= IDEMPOTENT_ATTEMPTS) {
                    throw brokenOff(request, e);
                }
                LOG.warn("{} {} failed ({}); retry {} in {} ms", request.method(), request.uri(), e, attempt, backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw TrainyardException.internal("Interrupted while calling " + request.uri(), e);
            }
            sleep(backoff);
            backoff *= 2;
        }
    }

    private static boolean transient5xxOr429(int status) {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    private TrainyardException unreachable(HttpRequest request, int attempts, IOException cause) {
        return new TrainyardException(ErrorCategory.TRACKING_UNREACHABLE, "MLflow tracking server " + config.uri()
                + " is unreachable (" + describe(cause) + " after " + attempts + " attempts, calling "
                + request.method() + " " + request.uri().getPath() + "). Start the server or fix"
                + " MLFLOW_TRACKING_URI; unset it to use trainyard's embedded server.", cause);
    }

    private TrainyardException brokenOff(HttpRequest request, IOException cause) {
        return new TrainyardException(ErrorCategory.TRACKING_UNREACHABLE, "MLflow tracking server " + config.uri()
                + " stopped answering " + request.method() + " " + request.uri().getPath() + " (" + describe(cause)
                + "); whether the call took effect is unknown. Check the server, then re-run.", cause);
    }

    private static String describe(IOException cause) {
        return cause instanceof ConnectException ? "connection refused"
                : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private JsonNode parse(HttpRequest request, HttpResponse<InputStream> response) {
        String text;
        try (InputStream body = response.body()) {
            text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw brokenOff(request, e);
        }
        if (response.statusCode() >= 300) {
            throw error(request, response.statusCode(), text);
        }
        try {
            return text.isBlank() ? json.createObjectNode() : json.readTree(text);
        } catch (IOException e) {
            throw TrainyardException.internal("MLflow answered " + request.method() + " " + request.uri().getPath()
                    + " with a body that is not JSON: " + abbreviate(text), e);
        }
    }

    private MlflowApiException error(HttpRequest request, int status, String body) {
        String code = "HTTP_" + status;
        String message = abbreviate(body);
        try {
            JsonNode error = json.readTree(body);
            if (error != null && error.hasNonNull("error_code")) {
                code = error.get("error_code").asText();
                message = error.path("message").asText(message);
            }
        } catch (IOException notJson) {
            LOG.debug("error body of {} is not JSON", request.uri());
        }
        return new MlflowApiException(status, code, "MLflow " + request.method() + " " + request.uri().getPath()
                + " failed with HTTP " + status + " " + code + ": " + message);
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static String queryString(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        StringJoiner joiner = new StringJoiner("&", "?", "");
        query.forEach((key, value) -> joiner.add(encode(key) + "=" + encode(value)));
        return joiner.toString();
    }

    /** Percent-encodes a query value or a path segment (spaces as %20, not '+'). */
    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TrainyardException.internal("Interrupted while waiting to retry a tracking call", e);
        }
    }
}
