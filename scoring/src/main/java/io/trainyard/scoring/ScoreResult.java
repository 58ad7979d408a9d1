package io.trainyard.scoring;

import java.util.Map;

/**
 * What a scoring job did. When {@code refusal} is set nothing was published.
 *
 * @param output the published folder (the partition's, for a partitioned output)
 * @param partition the partition, or null
 * @param rowsIn rows read
 * @param rows rows written
 * @param rejectedRows rows left out by {@code --on-invalid skip}
 * @param missing per feature column, rows where it was missing
 * @param unseen per categorical column, values not seen in training
 * @param drift PSI per profiled feature, or null when the bundle has no drift profile
 * @param refusal why nothing was published (drift beyond the bound), or null
 * @param modelName the model's name
 * @param modelVersion the registry version, or the bundle id when scored from a bundle folder
 * @param alias the alias resolved, or null
 * @param runId the training run, or null
 * @param inputFingerprint hash of the input files' paths, sizes and modification times
 * @param scoredAt the timestamp stamped on every row
 * @param jobId the job id
 * @param seconds wall time
 */
public record ScoreResult(String output, String partition, long rowsIn, long rows, long rejectedRows,
                          Map<String, Long> missing, Map<String, Long> unseen, DriftReport drift, String refusal,
                          String modelName, String modelVersion, String alias, String runId, String inputFingerprint,
                          String scoredAt, String jobId, double seconds) {
    /** Input rows per second of wall time. */
    public double rowsPerSecond() {
        return seconds > 0 ? rowsIn / seconds : rowsIn;
    }

    public boolean published() {
        return refusal == null;
    }
}
