package io.trainyard.tracking.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainyard.common.TrainyardException;
import io.trainyard.tracking.rest.MlflowApiException;
import io.trainyard.tracking.rest.MlflowRest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MLflow Model Registry, written over REST (the official Java client's registry is read-only):
 * registered models, idempotent versions, version tags, aliases moved by compare-and-set, and the
 * audit history of alias moves that MLflow itself does not keep.
 */
public final class ModelRegistry {
    private static final Pattern MODEL_URI = Pattern.compile("^(?:models:/)?([^/@]+)(?:/(\\d+)|@([^/@]+))$");
    private static final long POLL_MILLIS = 200;

    private final RegistryCalls calls;
    private final VersionCreation versions;
    private final AliasMoves moves;
    private final AuditHistory history;

    private ModelRegistry(MlflowRest rest) {
        this.calls = new RegistryCalls(rest);
        this.history = new AuditHistory(rest.json());
        this.versions = new VersionCreation(calls);
        this.moves = new AliasMoves(calls, history);
    }

    public static ModelRegistry create(MlflowRest rest) {
        return new ModelRegistry(rest);
    }

    /** Creates the registered model; one that already exists is fine. */
    public void createModel(String name, String description) {
        ObjectNode body = calls.rest().json().createObjectNode().put("name", name)
                .put("description", description == null ? "" : description);
        try {
            calls.rest().send("POST", "mlflow/registered-models/create", body, MlflowRest.Retry.IDEMPOTENT);
        } catch (MlflowApiException e) {
            if (!e.isAlreadyExists()) {
                throw e;
            }
        }
    }

    /** The registered model, its tags (history entries excluded) and aliases. */
    public RegisteredModel model(String name) {
        JsonNode node = calls.modelJson(name);
        Map<String, String> tags = new LinkedHashMap<>(RegistryCalls.keyValues(node.path("tags")));
        tags.keySet().removeIf(key -> key.startsWith(AuditHistory.PREFIX));
        return new RegisteredModel(name, node.path("description").asText(""), tags, RegistryCalls.aliases(node));
    }

    /** Names of all registered models. */
    public List<String> modelNames() {
        List<String> names = new ArrayList<>();
        String token = "";
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("max_results", "1000");
            if (!token.isEmpty()) {
                query.put("page_token", token);
            }
            JsonNode page = calls.rest().get("mlflow/registered-models/search", query);
            page.path("registered_models").forEach(model -> names.add(model.path("name").asText()));
            token = page.path("next_page_token").asText("");
        } while (!token.isEmpty());
        return names;
    }

    /**
     * Creates a version idempotently: a repeated call with the same key returns the same version.
     * {@code idempotencyKey} null means "derive from model, run id and source" (see {@link VersionCreation}).
     */
    public ModelVersion createVersion(String model, String source, String runId, Map<String, String> tags,
            String idempotencyKey) {
        String key = idempotencyKey != null ? idempotencyKey : VersionCreation.defaultKey(model, runId, source);
        return versions.create(model, source, runId, tags, key);
    }

    /** Polls until the version is READY; fails on FAILED_REGISTRATION or after {@code timeout}. */
    public ModelVersion waitUntilReady(String model, String version, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ModelVersion current = calls.version(model, version);
            if (current.isReady()) {
                return current;
            }
            if ("FAILED_REGISTRATION".equals(current.status()) || System.nanoTime() > deadline) {
                throw TrainyardException.internal("Version " + version + " of model '" + model + "' is "
                        + current.status() + " after waiting up to " + timeout.toSeconds()
                        + " s; expected READY. Check the tracking server's logs.", null);
            }
            sleep();
        }
    }

    public ModelVersion version(String model, String version) {
        return calls.version(model, version);
    }

    /** All versions of a model, newest first. */
    public List<ModelVersion> versions(String model) {
        calls.modelJson(model);
        List<ModelVersion> all = new ArrayList<>(calls.search(RegistryCalls.equalsFilter("name", model)));
        all.sort(Comparator.comparingLong((ModelVersion v) -> Long.parseLong(v.version())).reversed());
        return all;
    }

    /** Versions matching an MLflow filter, e.g. {@code name = 'churn' AND run_id = '…'}. */
    public List<ModelVersion> searchVersions(String filter) {
        return calls.search(filter);
    }

    public void setVersionTag(String model, String version, String key, String value) {
        calls.version(model, version);
        ObjectNode body = calls.rest().json().createObjectNode().put("name", model).put("version", version)
                .put("key", key).put("value", value);
        calls.rest().send("POST", "mlflow/model-versions/set-tag", body, MlflowRest.Retry.IDEMPOTENT);
    }

    public void deleteVersionTag(String model, String version, String key) {
        ObjectNode body = calls.rest().json().createObjectNode().put("name", model).put("version", version)
                .put("key", key);
        calls.rest().send("DELETE", "mlflow/model-versions/delete-tag", body, MlflowRest.Retry.IDEMPOTENT);
    }

    /** The version an alias points to; empty if the alias is unset (the model must exist). */
    public Optional<ModelVersion> alias(String model, String alias) {
        return calls.alias(model, alias);
    }

    /** Like {@link #alias} but an unset alias is an error naming the aliases that do exist. */
    public ModelVersion requireAlias(String model, String alias) {
        return calls.alias(model, alias).orElseThrow(() -> TrainyardException.usage("Registered model '" + model
                + "' has no alias '" + alias + "'; its aliases are " + model(model).aliases()
                + ". Promote a version first or use models:/" + model + "/<version>."));
    }

    /** Resolves {@code models:/name/3}, {@code models:/name@alias}, {@code name/3} or {@code name@alias}. */
    public ModelVersion resolve(String modelUri) {
        Matcher matcher = MODEL_URI.matcher(modelUri.trim());
        if (!matcher.matches()) {
            throw TrainyardException.usage("Model reference '" + modelUri + "' is not of the form name@alias or"
                    + " name/version (optionally prefixed with models:/), e.g. churn@champion.");
        }
        return matcher.group(2) != null ? calls.version(matcher.group(1), matcher.group(2))
                : requireAlias(matcher.group(1), matcher.group(3));
    }

    /**
     * Moves {@code alias} to {@code newVersion} if it currently points to {@code expectedCurrent}
     * (empty: must be unset) and records the move in the model's history. A concurrent mover makes
     * this fail with a TrainyardException; see {@link AliasMoves} for the guarantees per server.
     * Returns the completed history entry.
     */
    public AuditEntry moveAlias(String model, String alias, Optional<String> expectedCurrent, String newVersion,
            AuditEntry why) {
        return moves.move(model, alias, expectedCurrent, newVersion, why);
    }

    /** Deletes an alias if it points to {@code expectedCurrent}, recording it in the history. */
    public void deleteAlias(String model, String alias, Optional<String> expectedCurrent, AuditEntry why) {
        moves.delete(model, alias, expectedCurrent, why);
    }

    /** The alias moves of a model, oldest first. */
    public List<AuditEntry> history(String model) {
        return history.decode(model, RegistryCalls.keyValues(calls.modelJson(model).path("tags")));
    }

    /** Sets a registered-model tag (not for history keys, which only alias moves write). */
    public void setModelTag(String model, String key, String value) {
        if (key.startsWith(AuditHistory.PREFIX)) {
            throw TrainyardException.usage("Tag key '" + key + "' is reserved for the alias history.");
        }
        calls.modelJson(model);
        ObjectNode body = calls.rest().json().createObjectNode().put("name", model).put("key", key).put("value", value);
        calls.rest().send("POST", "mlflow/registered-models/set-tag", body, MlflowRest.Retry.IDEMPOTENT);
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TrainyardException.internal("Interrupted while waiting for a model version", e);
        }
    }
}
