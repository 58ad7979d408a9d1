package io.trainyard.serving.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.trainyard.serving.onnx.InvalidInstancesException;
import io.trainyard.serving.onnx.InvalidInstancesException.FieldError;
import io.trainyard.serving.onnx.OnnxPrediction;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Every request: routes by path and method, answers errors in the one JSON error format (a bug is a
 * 500 in that format too, and the server goes on), counts and times each request, and tracks
 * in-flight requests so shutdown can let them finish.
 */
final class Router implements HttpHandler {
    private static final Logger LOG = LogManager.getLogger(Router.class);
    private static final String PREDICT_PREFIX = "/v1/models/";
    private static final String PREDICT_SUFFIX = "/predict";
    private static final String JSON = "application/json";

    /** Set while the dispatcher thread answers a request the full worker queue could not take. */
    static final ThreadLocal<Boolean> SHED = ThreadLocal.withInitial(() -> false);

    private final String modelName;
    private final ModelSlot slot;
    private final ServingMetrics metrics;
    private final ServerOptions options;
    private final RateLimiter rateLimiter;
    private final OnlineFeatures features;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();

    Router(String modelName, ModelSlot slot, ServingMetrics metrics, ServerOptions options, OnlineFeatures features) {
        this.modelName = modelName;
        this.features = features;
        this.slot = slot;
        this.metrics = metrics;
        this.options = options;
        this.rateLimiter = new RateLimiter(options.ratePerSecond());
    }

    /** A response ready to send. */
    private record Response(int status, String contentType, byte[] body) {
        static Response json(int status, byte[] body) {
            return new Response(status, JSON, body);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        inFlight.incrementAndGet();
        String path = exchange.getRequestURI().getPath();
        String endpoint = endpoint(path);
        Response response;
        try {
            response = route(exchange, path);
        } catch (ApiFailure failure) {
            response = Response.json(failure.status(), PredictJson.error(failure));
        } catch (RuntimeException e) {
            LOG.error("request {} {} failed", exchange.getRequestMethod(), path, e);
            response = Response.json(500, PredictJson.error(new ApiFailure(500, "internal",
                    "The server failed to answer: " + e.getMessage())));
        }
        try {
            send(exchange, response);
        } finally {
            metrics.request(endpoint, response.status(), System.nanoTime() - started);
            inFlight.decrementAndGet();
        }
    }

    private Response route(HttpExchange exchange, String path) {
        if (SHED.get()) {
            throw new ApiFailure(503, "overloaded", "All " + options.threads() + " workers are busy and "
                    + options.queue() + " requests are waiting; retry later");
        }
        if (path.startsWith(PREDICT_PREFIX) && path.endsWith(PREDICT_SUFFIX)
                && path.length() > PREDICT_PREFIX.length() + PREDICT_SUFFIX.length()) {
            requireMethod(exchange, "POST");
            return predict(exchange, path.substring(PREDICT_PREFIX.length(), path.length() - PREDICT_SUFFIX.length()));
        }
        switch (path) {
            case "/health/live" -> {
                requireMethod(exchange, "GET");
                return Response.json(200, PredictJson.bytes(Map.of("status", "live")));
            }
            case "/health/ready" -> {
                requireMethod(exchange, "GET");
                return ready();
            }
            case "/metrics" -> {
                requireMethod(exchange, "GET");
                return new Response(200, metrics.contentType(), metrics.scrape());
            }
            default -> throw new ApiFailure(404, "not_found", "No endpoint " + path + "; use POST /v1/models/"
                    + modelName + "/predict, GET /health/live, /health/ready or /metrics");
        }
    }

    private Response ready() {
        if (draining.get()) {
            throw new ApiFailure(503, "shutting_down", "The server is shutting down");
        }
        ServedModel model = slot.current().orElseThrow(() -> new ApiFailure(503, "not_ready",
                "Model " + modelName + " is still loading"));
        return Response.json(200, PredictJson.bytes(Map.of("status", "ready", "model", model.name(),
                "version", model.version())));
    }

    private Response predict(HttpExchange exchange, String name) {
        if (!name.equals(modelName)) {
            throw new ApiFailure(404, "model_not_found", "No model named '" + name + "' is served here; this server"
                    + " serves '" + modelName + "' at POST /v1/models/" + modelName + "/predict");
        }
        if (draining.get()) {
            throw new ApiFailure(503, "shutting_down", "The server is shutting down; send the request elsewhere");
        }
        if (!rateLimiter.tryAcquire()) {
            throw new ApiFailure(429, "rate_limited", "More than " + options.ratePerSecond()
                    + " requests a second; slow down and retry");
        }
        List<Map<String, Object>> instances = instances(PredictJson.root(body(exchange)));
        ServedModel model = slot.acquire().orElseThrow(() -> new ApiFailure(503, "not_ready",
                "Model " + modelName + " is still loading; retry when GET /health/ready answers 200"));
        try {
            if (options.rejectUnknownCategories()) {
                List<FieldError> unknown = model.unknownCategories(instances);
                if (!unknown.isEmpty()) {
                    throw PredictJson.invalid(unknown);
                }
            }
            OnnxPrediction prediction;
            try {
                prediction = model.model().predict(instances);
            } catch (InvalidInstancesException e) {
                throw PredictJson.invalid(e.errors());
            }
            metrics.scored(prediction.size());
            return Response.json(200, PredictJson.response(model, prediction));
        } finally {
            model.release();
        }
    }

    /** The request's instances, or its entities with their features from the online store. */
    private List<Map<String, Object>> instances(JsonNode root) {
        if (!PredictJson.hasEntities(root)) {
            return PredictJson.instances(root);
        }
        if (features == null) {
            throw new ApiFailure(400, "invalid_request", "This server has no feature store: send \"instances\" with"
                    + " every input column, or start it with --features redis://host:port to send \"entities\"");
        }
        return features.instances(PredictJson.entities(root), metrics);
    }

    /** The body, refused with 413 above the limit: by its declared length before reading, else while reading. */
    private byte[] body(HttpExchange exchange) {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        int limit = options.maxBodyBytes();
        if (declared != null && parseLength(declared) > limit) {
            throw tooLarge(declared + " bytes");
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw tooLarge("more than " + limit + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw new ApiFailure(400, "invalid_request", "Cannot read the request body: " + e.getMessage());
        }
    }

    private ApiFailure tooLarge(String found) {
        return new ApiFailure(413, "payload_too_large", "The body has " + found + "; the limit is "
                + options.maxBodyBytes() + " bytes: send fewer instances per request");
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ApiFailure(400, "invalid_request", "Content-Length '" + value + "' is not a number");
        }
    }

    private static void requireMethod(HttpExchange exchange, String method) {
        if (!method.equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", method);
            throw new ApiFailure(405, "method_not_allowed", exchange.getRequestMethod() + " is not allowed on "
                    + exchange.getRequestURI().getPath() + "; use " + method);
        }
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        if (response.status() == 429 || response.status() == 503) {
            exchange.getResponseHeaders().set("Retry-After", "1");
        }
        exchange.sendResponseHeaders(response.status(), response.body().length);
        exchange.getResponseBody().write(response.body());
        exchange.close();
    }

    private static String endpoint(String path) {
        if (path.startsWith(PREDICT_PREFIX) && path.endsWith(PREDICT_SUFFIX)) {
            return "predict";
        }
        return switch (path) {
            case "/health/live" -> "live";
            case "/health/ready" -> "ready";
            case "/metrics" -> "metrics";
            default -> "other";
        };
    }

    /** From now on predict and readiness answer 503: load balancers stop sending, clients go elsewhere. */
    void drain() {
        draining.set(true);
    }

    /** Waits until no request is being handled, or {@code millis} have passed; true when idle. */
    boolean awaitIdle(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (inFlight.get() > 0) {
            if (System.currentTimeMillis() >= deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
