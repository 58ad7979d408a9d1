package io.trainyard.tracking.registry;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One alias move in a registered model's history (MLflow keeps none, so trainyard does).
 * Callers describe the why with {@link #of}; {@link ModelRegistry#moveAlias} fills in the what.
 *
 * @param time        when the move was made
 * @param user        who made it
 * @param alias       the alias moved
 * @param fromVersion the version it pointed to before, or null if it was unset
 * @param toVersion   the version it points to now, or null if it was deleted
 * @param reason      why (promote, rollback, train…)
 * @param gateResults the promotion gates' outcomes, e.g. {"auc-floor": "pass 0.91 >= 0.85"}
 */
public record AuditEntry(Instant time, String user, String alias, String fromVersion, String toVersion,
        String reason, Map<String, String> gateResults) {

    public AuditEntry {
        gateResults = gateResults == null ? Map.of() : Map.copyOf(new TreeMap<>(gateResults));
        user = user == null ? "unknown" : user;
        reason = reason == null ? "" : reason;
    }

    /** The caller's half of an entry: who and why; the move itself is filled in when it happens. */
    public static AuditEntry of(String user, String reason, Map<String, String> gateResults) {
        return new AuditEntry(null, user, null, null, null, reason, gateResults);
    }

    AuditEntry completed(Instant at, String movedAlias, String from, String to) {
        return new AuditEntry(at, user, movedAlias, from, to, reason, gateResults);
    }
}
