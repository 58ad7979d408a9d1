package io.trainyard.tracking.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainyard.common.TrainyardException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Encodes audit entries as registered-model tags {@code trainyard.history.<millis>-<random>} holding
 * JSON. The key sorts chronologically (13-digit millis, zero-padded) and never collides between
 * concurrent writers (the random suffix), so no sequence counter has to be allocated, which MLflow
 * could not do atomically anyway.
 */
final class AuditHistory {
    static final String PREFIX = "trainyard.history.";
    /** MLflow caps registered-model tag values (5000 characters in 2.x); stay well below. */
    private static final int MAX_VALUE_LENGTH = 4500;

    private final ObjectMapper json;

    AuditHistory(ObjectMapper json) {
        this.json = json;
    }

    String key(Instant time) {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        return PREFIX + String.format("%013d", time.toEpochMilli()) + "-" + HexFormat.of().formatHex(random);
    }

    String encode(AuditEntry entry) {
        ObjectNode node = json.createObjectNode()
                .put("time", entry.time().toString())
                .put("user", entry.user())
                .put("alias", entry.alias())
                .put("from", entry.fromVersion())
                .put("to", entry.toVersion())
                .put("reason", entry.reason());
        ObjectNode gates = node.putObject("gates");
        entry.gateResults().forEach(gates::put);
        String text = node.toString();
        if (text.length() > MAX_VALUE_LENGTH) {
            gates.removeAll();
            gates.put("truncated", entry.gateResults().size() + " gate results did not fit in a registry tag");
            text = node.toString();
        }
        return text.length() > MAX_VALUE_LENGTH ? text.substring(0, MAX_VALUE_LENGTH) : text;
    }

    /** Entries from a model's tags, oldest first; unreadable entries are reported, not skipped. */
    List<AuditEntry> decode(String model, Map<String, String> tags) {
        List<String> keys = tags.keySet().stream().filter(k -> k.startsWith(PREFIX)).sorted().toList();
        List<AuditEntry> entries = new ArrayList<>();
        for (String key : keys) {
            entries.add(decodeOne(model, key, tags.get(key)));
        }
        return entries;
    }

    private AuditEntry decodeOne(String model, String key, String value) {
        try {
            JsonNode node = json.readTree(value);
            Map<String, String> gates = new HashMap<>();
            node.path("gates").fields().forEachRemaining(e -> gates.put(e.getKey(), e.getValue().asText()));
            return new AuditEntry(Instant.parse(node.path("time").asText()), node.path("user").asText(),
                    node.path("alias").asText(), textOrNull(node, "from"), textOrNull(node, "to"),
                    node.path("reason").asText(), gates);
        } catch (IOException | RuntimeException e) {
            throw TrainyardException.data("History tag '" + key + "' of registered model '" + model
                    + "' is not a trainyard audit entry (" + e.getMessage() + "). Delete or fix that tag.");
        }
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
