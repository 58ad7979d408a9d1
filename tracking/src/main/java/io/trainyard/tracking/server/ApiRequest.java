package io.trainyard.tracking.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of one API call: the query string merged with the JSON body. MLflow's clients send
 * GET parameters in the query and everything else as JSON (int64 fields may arrive as strings, since
 * protobuf's JSON printer writes them that way), so accessors are lenient about number encodings.
 */
final class ApiRequest {
    private final String method;
    private final ObjectNode params;

    ApiRequest(String method, String rawQuery, JsonNode body) {
        this.method = method;
        this.params = body != null && body.isObject() ? (ObjectNode) body : Json.object();
        addQuery(rawQuery);
    }

    private void addQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            JsonNode existing = params.get(key);
            if (existing == null) {
                params.put(key, value);
            } else if (existing.isArray()) {
                ((ArrayNode) existing).add(value);
            } else {
                ArrayNode values = params.arrayNode().add(existing.asText()).add(value);
                params.set(key, values);
            }
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    String method() {
        return method;
    }

    String required(String field) {
        String value = optional(field, null);
        if (value == null || value.isEmpty()) {
            throw ApiError.invalid("Missing value for required parameter '" + field + "'.");
        }
        return value;
    }

    /** The first of several names that is present (MLflow accepts both run_id and run_uuid). */
    String requiredEither(String field, String alias) {
        String value = optional(field, null);
        return value == null || value.isEmpty() ? required(alias) : value;
    }

    String optional(String field, String fallback) {
        JsonNode node = params.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        return node.isArray() ? (node.isEmpty() ? fallback : node.get(0).asText()) : node.asText();
    }

    long longValue(String field, long fallback) {
        String text = optional(field, null);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw ApiError.invalid("Parameter '" + field + "' must be an integer, got '" + text + "'.");
        }
    }

    boolean has(String field) {
        JsonNode node = params.get(field);
        return node != null && !node.isNull();
    }

    List<String> list(String field) {
        JsonNode node = params.get(field);
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (node.isArray()) {
            node.forEach(item -> values.add(item.asText()));
        } else {
            values.add(node.asText());
        }
        return values;
    }

    /** Repeated {key, value} objects (tags, params). */
    List<JsonNode> objects(String field) {
        JsonNode node = params.get(field);
        List<JsonNode> values = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(values::add);
        }
        return values;
    }

    JsonNode node(String field) {
        return params.get(field);
    }

    /** Every parameter, for calls whose whole body is one object (log-metric). */
    ObjectNode all() {
        return params;
    }
}
