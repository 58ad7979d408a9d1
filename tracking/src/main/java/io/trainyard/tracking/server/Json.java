package io.trainyard.tracking.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Small helpers for building MLflow's JSON shapes. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** {@code [{"key": k, "value": v}, …]} as MLflow writes tags and params. */
    static ArrayNode keyValues(Map<String, String> values) {
        ArrayNode array = array();
        values.forEach((key, value) -> array.addObject().put("key", key).put("value", value));
        return array;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** A double that may arrive as a number or as protobuf's "NaN" / "Infinity" strings. */
    static double doubleValue(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw ApiError.invalid("Missing value for required parameter '" + field + "'.");
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        try {
            return Double.parseDouble(value.asText());
        } catch (NumberFormatException e) {
            throw ApiError.invalid("Parameter '" + field + "' must be a number, got '" + value.asText() + "'.");
        }
    }

    static long longValue(JsonNode node, String field, long fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.asText().trim());
        } catch (NumberFormatException e) {
            throw ApiError.invalid("Parameter '" + field + "' must be an integer, got '" + value.asText() + "'.");
        }
    }

    /** Metric values: JSON has no NaN or infinities, so write them as protobuf's JSON does. */
    static void putDouble(ObjectNode node, String field, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            node.put(field, Double.toString(value));
        } else {
            node.put(field, value);
        }
    }
}
