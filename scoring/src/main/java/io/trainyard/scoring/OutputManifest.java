package io.trainyard.scoring;

import java.util.Map;

/**
 * {@code _trainyard.json}, written into every published scoring output (each partition of a
 * partitioned one): which job owns the folder, what made every row, and from which input. A
 * later job may replace the folder only if it scores with the same model name.
 *
 * @param job the owning job's key: the model name
 * @param modelName model name
 * @param modelVersion registry version, or the bundle id when scored from a folder
 * @param alias the alias resolved, or null
 * @param runId the training run, or null
 * @param bundleId the bundle's content id
 * @param engine the scoring engine, e.g. {@code spark}
 * @param rows rows in the output
 * @param rowsIn rows read from the input
 * @param rejectedRows input rows left out by {@code --on-invalid skip}
 * @param input the input path
 * @param inputFingerprint hash of the input files' paths, sizes and modification times
 * @param partition the partition, e.g. {@code date=2026-11-25}, or null
 * @param drift PSI per profiled feature (empty when the bundle has no drift profile)
 * @param scoredAt the scoring timestamp
 * @param jobId the run's id
 */
public record OutputManifest(String job, String modelName, String modelVersion, String alias, String runId,
                             String bundleId, String engine, long rows, long rowsIn, long rejectedRows, String input,
                             String inputFingerprint, String partition, Map<String, Double> drift, String scoredAt,
                             String jobId) {
    public static final String FILE = "_trainyard.json";
}
