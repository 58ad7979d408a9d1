package io.trainyard.tracking.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Resolves filter and order_by fields (metrics.x, params.x, tags.x, attributes) against run JSON. */
final class RunFields {
    private RunFields() {
    }

    static String lookup(ObjectNode run, String field) {
        int dot = field.indexOf('.');
        String kind = dot < 0 ? "" : field.substring(0, dot);
        String name = dot < 0 ? field : field.substring(dot + 1);
        return switch (kind) {
            case "metrics" -> find(run.get("data").get("metrics"), name);
            case "params" -> find(run.get("data").get("params"), name);
            case "tags" -> find(run.get("data").get("tags"), name);
            default -> attribute(run.get("info"), field);
        };
    }

    private static String attribute(JsonNode info, String name) {
        String column = switch (name) {
            case "run_name", "name" -> "run_name";
            case "id", "run_uuid" -> "run_id";
            default -> name;
        };
        JsonNode value = info.get(column);
        return value == null ? null : value.asText();
    }

    private static String find(JsonNode entries, String key) {
        for (JsonNode entry : entries) {
            if (key.equals(entry.get("key").asText())) {
                return entry.get("value").asText();
            }
        }
        return null;
    }

    /** Applies MLflow order_by clauses such as {@code metrics.auc DESC}; missing values sort last. */
    static void sort(List<ObjectNode> runs, List<String> orderBy) {
        Comparator<ObjectNode> comparator = null;
        for (int i = orderBy.size() - 1; i >= 0; i--) {
            String[] parts = orderBy.get(i).trim().split("\\s+");
            String field = Filter.parse(parts[0] + " = 0").clauses().get(0).field();
            boolean descending = parts.length > 1 && "DESC".equals(parts[1].toUpperCase(Locale.ROOT));
            Comparator<ObjectNode> clause = (a, b) -> compare(lookup(a, field), lookup(b, field), descending);
            comparator = comparator == null ? clause : clause.thenComparing(comparator);
        }
        if (comparator != null) {
            runs.sort(comparator);
        }
    }

    private static int compare(String a, String b, boolean descending) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        int order;
        try {
            order = Double.compare(Double.parseDouble(a), Double.parseDouble(b));
        } catch (NumberFormatException e) {
            order = a.compareTo(b);
        }
        return descending ? -order : order;
    }
}
