package io.trainyard.tracking.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.common.TrainyardException;
import io.trainyard.tracking.rest.MlflowApiException;
import io.trainyard.tracking.rest.MlflowRest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Registry reads over REST, mapped to records, with "not found" turned into messages that say what to do. */
final class RegistryCalls {
    private static final int PAGE_SIZE = 1000;

    private final MlflowRest rest;

    RegistryCalls(MlflowRest rest) {
        this.rest = rest;
    }

    MlflowRest rest() {
        return rest;
    }

    JsonNode modelJson(String name) {
        try {
            return rest.get("mlflow/registered-models/get", Map.of("name", name)).path("registered_model");
        } catch (MlflowApiException e) {
            if (e.isNotFound()) {
                throw TrainyardException.usage("Registered model '" + name + "' does not exist on " + rest.config().uri()
                        + ". Check the name with `trainyard models list`, or train it first.");
            }
            throw e;
        }
    }

    ModelVersion version(String model, String version) {
        try {
            JsonNode node = rest.get("mlflow/model-versions/get", Map.of("name", model, "version", version));
            return toVersion(node.path("model_version"));
        } catch (MlflowApiException e) {
            if (e.isNotFound()) {
                modelJson(model);
                throw TrainyardException.usage("Registered model '" + model + "' has no version " + version
                        + "; its versions are " + versionNumbers(model) + ". Pick one of those.");
            }
            throw e;
        }
    }

    Optional<ModelVersion> alias(String model, String alias) {
        try {
            JsonNode node = rest.get("mlflow/registered-models/alias", Map.of("name", model, "alias", alias));
            return Optional.of(toVersion(node.path("model_version")));
        } catch (MlflowApiException e) {
            if (e.isNotFound()) {
                modelJson(model);
                return Optional.empty();
            }
            throw e;
        }
    }

    List<ModelVersion> search(String filter) {
        List<ModelVersion> versions = new ArrayList<>();
        String token = "";
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("filter", filter);
            query.put("max_results", Integer.toString(PAGE_SIZE));
            if (!token.isEmpty()) {
                query.put("page_token", token);
            }
            JsonNode page = rest.get("mlflow/model-versions/search", query);
            page.path("model_versions").forEach(node -> versions.add(toVersion(node)));
            token = page.path("next_page_token").asText("");
        } while (!token.isEmpty());
        return versions;
    }

    List<String> versionNumbers(String model) {
        return search(equalsFilter("name", model)).stream().map(ModelVersion::version)
                .sorted((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b))).toList();
    }

    static String equalsFilter(String field, String value) {
        String quote = value.contains("'") ? "\"" : "'";
        return field + " = " + quote + value + quote;
    }

    static ModelVersion toVersion(JsonNode node) {
        List<String> aliases = new ArrayList<>();
        node.path("aliases").forEach(alias -> aliases.add(alias.asText()));
        return new ModelVersion(node.path("name").asText(), node.path("version").asText(),
                node.path("source").asText(), node.path("run_id").asText(), node.path("status").asText("READY"),
                node.path("creation_timestamp").asLong(), keyValues(node.path("tags")), aliases);
    }

    static Map<String, String> keyValues(JsonNode array) {
        Map<String, String> values = new LinkedHashMap<>();
        array.forEach(entry -> values.put(entry.path("key").asText(), entry.path("value").asText()));
        return values;
    }

    static Map<String, String> aliases(JsonNode model) {
        Map<String, String> aliases = new LinkedHashMap<>();
        model.path("aliases").forEach(a -> aliases.put(a.path("alias").asText(), a.path("version").asText()));
        return aliases;
    }
}
