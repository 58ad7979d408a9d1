package io.trainyard.tracking;

import java.util.Map;

/**
 * A run as the tracking server reports it.
 *
 * @param runId        run id
 * @param experimentId experiment id
 * @param name         run name
 * @param status       RUNNING, FINISHED, FAILED, KILLED or SCHEDULED
 * @param artifactUri  where its artifacts go ({@code mlflow-artifacts:/…}, {@code file:…}, {@code s3a://…})
 * @param startTime    epoch millis
 * @param endTime      epoch millis, 0 while running
 * @param params       parameters
 * @param metrics      latest value of each metric
 * @param tags         tags
 */
public record TrackedRun(String runId, String experimentId, String name, String status, String artifactUri,
        long startTime, long endTime, Map<String, String> params, Map<String, Double> metrics,
        Map<String, String> tags) {

    public TrackedRun {
        params = Map.copyOf(params);
        metrics = Map.copyOf(metrics);
        tags = Map.copyOf(tags);
    }
}
