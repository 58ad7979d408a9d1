package io.trainyard.tracking.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Dispatches {@code /api/2.0/mlflow/<path>} by method and path.
 * Each call runs in one database transaction: GETs read in autocommit mode, everything else in an
 * IMMEDIATE transaction that is committed only when the endpoint returns without error.
 */
final class ApiRouter implements HttpHandler {
    private static final Logger LOG = LogManager.getLogger(ApiRouter.class);
    private static final String PREFIX = "/api/2.0/mlflow/";

    private final Database database;
    private final Map<String, Endpoint> endpoints = new HashMap<>();

    ApiRouter(Database database) {
        this.database = database;
    }

    void register(String method, String path, Endpoint endpoint) {
        endpoints.put(method + " " + path, endpoint);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String relative = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : path;
            try {
                Endpoint endpoint = endpoints.get(method + " " + relative);
                if (endpoint == null) {
                    throw ApiError.endpointNotFound("No endpoint " + method + " " + path
                            + " in trainyard's embedded MLflow server.");
                }
                ApiRequest request = new ApiRequest(method, exchange.getRequestURI().getRawQuery(),
                        readBody(exchange));
                send(exchange, 200, run(endpoint, request, !"GET".equals(method)));
            } catch (ApiError e) {
                send(exchange, e.status(), error(e.errorCode(), e.getMessage()));
            } catch (SQLException | RuntimeException e) {
                LOG.error("{} {} failed", method, path, e);
                send(exchange, 500, error("INTERNAL_ERROR", String.valueOf(e.getMessage())));
            }
        }
    }

    private ObjectNode run(Endpoint endpoint, ApiRequest request, boolean write) throws SQLException {
        try (Connection connection = database.open(write)) {
            try {
                ObjectNode response = endpoint.handle(request, connection);
                if (write) {
                    connection.commit();
                }
                return response;
            } catch (SQLException | RuntimeException e) {
                if (write) {
                    connection.rollback();
                }
                throw e;
            }
        }
    }

    private static JsonNode readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length == 0) {
                return null;
            }
            try {
                return Json.MAPPER.readTree(bytes);
            } catch (JsonProcessingException e) {
                throw ApiError.invalid("Request body is not valid JSON: " + e.getOriginalMessage());
            }
        }
    }

    static ObjectNode error(String code, String message) {
        return Json.object().put("error_code", code).put("message", message);
    }

    static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
