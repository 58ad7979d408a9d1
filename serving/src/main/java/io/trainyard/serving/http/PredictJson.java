package io.trainyard.serving.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.trainyard.serving.bundle.Signature;
import io.trainyard.serving.onnx.InvalidInstancesException.FieldError;
import io.trainyard.serving.onnx.OnnxPrediction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the predict API: the request body to instances (name to string, number or null), a
 * prediction to the response body, and the one error body. NaN and Infinity literals are read (and
 * refused per field by the model's checks) rather than failing the whole body as malformed.
 */
final class PredictJson {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private PredictJson() {
    }

    /** The body as JSON; 400 when malformed. */
    static JsonNode root(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ApiFailure(400, "malformed_json", "The body is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the body names entities ({@code {"entities":[{"customer_id":"C1"}]}}) rather than instances. */
    static boolean hasEntities(JsonNode root) {
        return root != null && root.has("entities") && !root.has("instances");
    }

    /** {@code {"entities":[{key column: value}, ...]}} to entity keys; the same shape checks as instances. */
    static List<Map<String, Object>> entities(JsonNode root) {
        return objects(root, "entities", "entity", "one object per entity mapping its key columns to values");
    }

    /** {@code {"instances":[{...}, ...]}} to instances; 400 for a wrong shape, 422 for an empty batch. */
    static List<Map<String, Object>> instances(JsonNode root) {
        return objects(root, "instances", "instance", "one object per instance mapping input columns to values");
    }

    private static List<Map<String, Object>> objects(JsonNode root, String name, String one, String shape) {
        JsonNode instances = root == null ? null : root.get(name);
        if (instances == null || !instances.isArray()) {
            throw new ApiFailure(400, "invalid_request", "Expected a JSON object {\"" + name + "\": [{...}, ...]}, "
                    + shape);
        }
        if (instances.isEmpty()) {
            throw new ApiFailure(422, "empty_batch", "\"" + name + "\" is empty; send at least one " + one,
                    List.of(FieldError.batch("expected at least one " + one + ", found none")));
        }
        List<Map<String, Object>> result = new ArrayList<>(instances.size());
        List<FieldError> notObjects = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            JsonNode instance = instances.get(i);
            if (instance.isObject()) {
                result.add(fields(instance));
            } else {
                notObjects.add(new FieldError(i, null, "expected an object of " + (one.equals("entity") ? "key" : "input") + " columns, found "
                        + instance.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
            }
        }
        if (!notObjects.isEmpty()) {
            throw invalid(notObjects);
        }
        return result;
    }

    static ApiFailure invalid(List<FieldError> errors) {
        return new ApiFailure(422, "invalid_instances", errors.size() + " invalid field(s); see \"fields\"", errors);
    }

    private static Map<String, Object> fields(JsonNode instance) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = instance.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            values.put(field.getKey(), value(field.getValue()));
        }
        return values;
    }

    private static Object value(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isArray() ? List.of(node) : Map.of("", node);
    }

    /**
     * The response: per instance the predicted label (binary: the positive class when its probability
     * reaches the model's decision threshold, as batch scoring decides), the probability of that
     * label (binary: of the positive class), and every class's probability; a regression model's
     * prediction is its number; a recommender's, the user's top-N list and where it came from.
     */
    static byte[] response(ServedModel model, OnnxPrediction prediction) {
        Signature signature = model.model().signature();
        List<String> classes = model.classes();
        boolean binary = Signature.TASK_BINARY.equals(signature.task());
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 96 * prediction.size());
        try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("model", model.name());
            json.writeStringField("version", model.version());
            json.writeArrayFieldStart("predictions");
            for (int i = 0; i < prediction.size(); i++) {
                if (prediction.regression()) {
                    json.writeStartObject();
                    json.writeNumberField("prediction", prediction.values()[i]);
                    json.writeEndObject();
                    continue;
                }
                if (prediction.recommendation()) {
                    writeRecommendations(json, prediction.recommendations(), i);
                    continue;
                }
                double[] probabilities = prediction.probabilities()[i];
                int label = (int) prediction.labels()[i];
                if (binary && signature.threshold() != null) {
                    label = probabilities[1] >= signature.threshold() ? 1 : 0;
                }
                json.writeStartObject();
                json.writeStringField("prediction", classes.get(label));
                json.writeNumberField("probability", binary ? probabilities[1] : probabilities[label]);
                json.writeObjectFieldStart("probabilities");
                for (int c = 0; c < probabilities.length; c++) {
                    json.writeNumberField(classes.get(c), probabilities[c]);
                }
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** One user's list: {@code {"source", "recommendations":[{"rank", "item", "score"}]}}, best first. */
    private static void writeRecommendations(JsonGenerator json, OnnxPrediction.Recommendations recommendations, int user)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("source", recommendations.sources()[user]);
        json.writeArrayFieldStart("recommendations");
        for (int r = 0; r < recommendations.items()[user].length; r++) {
            json.writeStartObject();
            json.writeNumberField("rank", r + 1);
            json.writeStringField("item", recommendations.items()[user][r]);
            json.writeNumberField("score", recommendations.scores()[user][r]);
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    static byte[] error(ApiFailure failure) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", failure.code());
        error.put("message", failure.getMessage());
        List<Map<String, Object>> fields = new ArrayList<>();
        for (FieldError field : failure.fields()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("instance", field.instance() < 0 ? null : field.instance());
            entry.put("field", field.field());
            entry.put("problem", field.problem());
            fields.add(entry);
        }
        error.put("fields", fields);
        return bytes(Map.of("error", error));
    }

    static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
