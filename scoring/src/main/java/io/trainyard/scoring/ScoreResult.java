package io.trainyard.scoring;

/**
 * What a scoring job wrote.
 *
 * @param output the published output folder
 * @param rows rows written
 * @param modelName the model's name
 * @param modelVersion the registry version, or the bundle id when scored from a bundle folder
 * @param alias the alias resolved, or null
 * @param runId the training run, or null
 * @param scoredAt the timestamp stamped on every row
 * @param jobId the job id
 * @param seconds wall time
 */
public record ScoreResult(String output, long rows, String modelName, String modelVersion, String alias,
                          String runId, String scoredAt,
                          String jobId, double seconds) {
    public double rowsPerSecond() {
        return seconds > 0 ? rows / seconds : rows;
    }
}
