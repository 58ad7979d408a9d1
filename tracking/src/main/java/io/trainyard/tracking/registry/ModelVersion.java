package io.trainyard.tracking.registry;

import java.util.List;
import java.util.Map;

/**
 * One registered model version as the registry reports it.
 *
 * @param name              registered model name
 * @param version           version number, as MLflow's string
 * @param source            artifact URI of the model bundle
 * @param runId             the run that produced it (may be empty)
 * @param status            PENDING_REGISTRATION, READY or FAILED_REGISTRATION
 * @param creationTimestamp epoch millis
 * @param tags              version tags
 * @param aliases           aliases pointing at this version
 */
public record ModelVersion(String name, String version, String source, String runId, String status,
        long creationTimestamp, Map<String, String> tags, List<String> aliases) {

    public ModelVersion {
        tags = Map.copyOf(tags);
        aliases = List.copyOf(aliases);
    }

    public boolean isReady() {
        return "READY".equals(status);
    }

    /** {@code models:/<name>/<version>}. */
    public String uri() {
        return "models:/" + name + "/" + version;
    }
}
