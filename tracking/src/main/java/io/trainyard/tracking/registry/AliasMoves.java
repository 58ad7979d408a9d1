package io.trainyard.tracking.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainyard.common.ErrorCategory;
import io.trainyard.common.TrainyardException;
import io.trainyard.tracking.rest.MlflowApiException;
import io.trainyard.tracking.rest.MlflowRest;
import java.time.Instant;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Compare-and-set alias moves with an audit entry.
 *
 * <p>Against trainyard's embedded server the move is exact: the set-alias request carries the
 * expected current version and the audit tag, and the server checks, moves and records in one
 * IMMEDIATE SQLite transaction (answering 409 RESOURCE_CONFLICT on a mismatch). Two concurrent movers:
 * exactly one wins, the other changes nothing.
 *
 * <p>Against a real MLflow server (which ignores the extra fields and has no conditional write) it is
 * best effort: read the alias, compare, set, write the audit tag, then read the alias back. The window
 * is between the read and the set (one round trip, typically milliseconds): two movers inside it both
 * pass the check, the later write wins, and the earlier one notices at the read-back and fails, but
 * only if the later one landed before that read-back. Both may also report success if they set the
 * same version. Serialise promotions (one scheduler lane per model) when the server is a real MLflow.
 */
final class AliasMoves {
    private static final Logger LOG = LogManager.getLogger(AliasMoves.class);

    private final RegistryCalls calls;
    private final AuditHistory history;

    AliasMoves(RegistryCalls calls, AuditHistory history) {
        this.calls = calls;
        this.history = history;
    }

    AuditEntry move(String model, String alias, Optional<String> expected, String target, AuditEntry why) {
        ModelVersion version = calls.version(model, target);
        if (!version.isReady()) {
            throw TrainyardException.usage("Version " + target + " of model '" + model + "' is " + version.status()
                    + ", not READY; an alias can only point to a READY version.");
        }
        Optional<String> current = calls.alias(model, alias).map(ModelVersion::version);
        if (!current.equals(expected)) {
            throw conflict(model, alias, expected, current);
        }
        Instant now = Instant.now();
        AuditEntry entry = why.completed(now, alias, current.orElse(null), target);
        String key = history.key(now);
        String value = history.encode(entry);
        ObjectNode body = calls.rest().json().createObjectNode().put("name", model).put("alias", alias)
                .put("version", target).put("trainyard_expected_version", expected.orElse(""))
                .put("trainyard_history_key", key).put("trainyard_history_value", value);
        JsonNode response = setAlias(body, model, alias, expected);
        if (!response.path("trainyard_compare_and_set").asBoolean(false)) {
            bestEffortFinish(model, alias, target, key, value);
        }
        LOG.info("model {}: alias {} moved {} -> {} by {} ({})", model, alias, entry.fromVersion(), target,
                entry.user(), entry.reason());
        return entry;
    }

    private JsonNode setAlias(ObjectNode body, String model, String alias, Optional<String> expected) {
        try {
            // ONCE: a blind retry after a lost answer would see its own move and report a false conflict
            return calls.rest().send("POST", "mlflow/registered-models/alias", body, MlflowRest.Retry.ONCE);
        } catch (MlflowApiException e) {
            if (e.status() == 409 || "RESOURCE_CONFLICT".equals(e.errorCode())) {
                throw conflict(model, alias, expected, calls.alias(model, alias).map(ModelVersion::version));
            }
            throw e;
        }
    }

    /** Real MLflow: record the history entry, then check nobody overwrote the alias meanwhile. */
    private void bestEffortFinish(String model, String alias, String target, String key, String value) {
        ObjectNode tag = calls.rest().json().createObjectNode().put("name", model).put("key", key).put("value", value);
        try {
            calls.rest().send("POST", "mlflow/registered-models/set-tag", tag, MlflowRest.Retry.IDEMPOTENT);
        } catch (TrainyardException e) {
            throw new TrainyardException(e.category(), "Alias '" + alias + "' of model '" + model + "' now points to "
                    + target + " but its history entry could not be written (" + e.getMessage()
                    + "). Add it by re-running the move with the same expected version " + target + ".", e);
        }
        Optional<String> after = calls.alias(model, alias).map(ModelVersion::version);
        if (!after.equals(Optional.of(target))) {
            throw new TrainyardException(ErrorCategory.INTERNAL, "Alias '" + alias + "' of model '" + model
                    + "' was set to version " + target + " but now points to " + describe(after)
                    + ": another mover overwrote it (this MLflow server has no conditional write). Check `trainyard"
                    + " models history " + model + "` and re-run if still wanted.");
        }
    }

    void delete(String model, String alias, Optional<String> expected, AuditEntry why) {
        Optional<String> current = calls.alias(model, alias).map(ModelVersion::version);
        if (!current.equals(expected)) {
            throw conflict(model, alias, expected, current);
        }
        Instant now = Instant.now();
        AuditEntry entry = why.completed(now, alias, current.orElse(null), null);
        ObjectNode body = calls.rest().json().createObjectNode().put("name", model).put("alias", alias);
        calls.rest().send("DELETE", "mlflow/registered-models/alias", body, MlflowRest.Retry.IDEMPOTENT);
        ObjectNode tag = calls.rest().json().createObjectNode().put("name", model).put("key", history.key(now))
                .put("value", history.encode(entry));
        calls.rest().send("POST", "mlflow/registered-models/set-tag", tag, MlflowRest.Retry.IDEMPOTENT);
    }

    private static TrainyardException conflict(String model, String alias, Optional<String> expected,
            Optional<String> found) {
        return new TrainyardException(ErrorCategory.INTERNAL, "Alias '" + alias + "' of model '" + model
                + "' was expected to point to " + describe(expected) + " but points to " + describe(found)
                + ": another promotion or rollback moved it concurrently. Nothing was changed by this one;"
                + " check `trainyard models history " + model + "` and re-run if still wanted.");
    }

    private static String describe(Optional<String> version) {
        return version.map(v -> "version " + v).orElse("no version");
    }
}
