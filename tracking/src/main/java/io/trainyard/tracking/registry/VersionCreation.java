package io.trainyard.tracking.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainyard.common.ErrorCategory;
import io.trainyard.common.TrainyardException;
import io.trainyard.tracking.rest.MlflowApiException;
import io.trainyard.tracking.rest.MlflowRest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Idempotent model-version creation. MLflow's create has no request id, and a retried POST (the
 * official client retries POSTs) makes a second version. So each version carries the tag
 * {@value #KEY_TAG}: by default a hash of (model, run id, source), since the same run registering the
 * same bundle is the same version. Creation searches for the key first, creates only if absent, and
 * after an outcome-unknown failure searches again before trying once more.
 *
 * <p>Embedded server: creation with the key is deduplicated inside the server's write transaction, so
 * no duplicate can ever appear. Real MLflow: a duplicate can only appear if two creates with the same
 * key are in flight at once (the search of one does not yet see the other); after creating, the
 * client looks again and, if several versions carry its key, keeps the lowest and deletes the
 * others (they were created seconds ago and have no aliases yet).
 */
final class VersionCreation {
    static final String KEY_TAG = "trainyard.idempotency_key";
    private static final Logger LOG = LogManager.getLogger(VersionCreation.class);

    private final RegistryCalls calls;

    VersionCreation(RegistryCalls calls) {
        this.calls = calls;
    }

    static String defaultKey(String model, String runId, String source) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((model + "\n" + runId + "\n" + source).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw TrainyardException.internal("SHA-256 is missing from this JVM", e);
        }
    }

    ModelVersion create(String model, String source, String runId, Map<String, String> tags, String key) {
        Optional<ModelVersion> existing = lowest(findByKey(model, runId, key));
        if (existing.isPresent()) {
            LOG.info("model {} version {} already registered with idempotency key {}", model,
                    existing.get().version(), key);
            return existing.get();
        }
        ObjectNode body = request(model, source, runId, tags, key);
        try {
            post(body);
        } catch (TrainyardException e) {
            if (!outcomeUnknown(e)) {
                throw e;
            }
            LOG.warn("creating a version of {} may or may not have happened ({}); checking before one retry",
                    model, e.getMessage());
            if (findByKey(model, runId, key).isEmpty()) {
                post(body);
            }
        }
        return deduplicated(model, runId, key);
    }

    private void post(ObjectNode body) {
        calls.rest().send("POST", "mlflow/model-versions/create", body, MlflowRest.Retry.ONCE);
    }

    private static boolean outcomeUnknown(TrainyardException e) {
        return e instanceof MlflowApiException api ? api.status() >= 500
                : e.category() == ErrorCategory.TRACKING_UNREACHABLE;
    }

    private ObjectNode request(String model, String source, String runId, Map<String, String> tags, String key) {
        ObjectNode body = calls.rest().json().createObjectNode().put("name", model).put("source", source);
        if (runId != null && !runId.isEmpty()) {
            body.put("run_id", runId);
        }
        ArrayNode tagArray = body.putArray("tags");
        tags.forEach((k, v) -> tagArray.addObject().put("key", k).put("value", v));
        tagArray.addObject().put("key", KEY_TAG).put("value", key);
        return body;
    }

    private List<ModelVersion> findByKey(String model, String runId, String key) {
        String filter = RegistryCalls.equalsFilter("name", model)
                + (runId == null || runId.isEmpty() ? "" : " AND " + RegistryCalls.equalsFilter("run_id", runId));
        return calls.search(filter).stream().filter(v -> key.equals(v.tags().get(KEY_TAG))).toList();
    }

    private ModelVersion deduplicated(String model, String runId, String key) {
        List<ModelVersion> matches = findByKey(model, runId, key);
        ModelVersion keep = lowest(matches).orElseThrow(() -> TrainyardException.internal("Model version of '"
                + model + "' with idempotency key " + key + " was created but cannot be found by search", null));
        for (ModelVersion duplicate : matches) {
            if (!duplicate.version().equals(keep.version()) && duplicate.aliases().isEmpty()) {
                LOG.warn("deleting duplicate version {} of {} (same idempotency key as version {})",
                        duplicate.version(), model, keep.version());
                deleteQuietly(duplicate);
            }
        }
        return keep;
    }

    private void deleteQuietly(ModelVersion duplicate) {
        JsonNode body = calls.rest().json().createObjectNode().put("name", duplicate.name())
                .put("version", duplicate.version());
        try {
            calls.rest().send("DELETE", "mlflow/model-versions/delete", body, MlflowRest.Retry.IDEMPOTENT);
        } catch (MlflowApiException e) {
            LOG.warn("could not delete duplicate version {} of {}: {}", duplicate.version(), duplicate.name(),
                    e.getMessage());
        }
    }

    private static Optional<ModelVersion> lowest(List<ModelVersion> versions) {
        return versions.stream().min(Comparator.comparingLong(v -> Long.parseLong(v.version())));
    }
}
