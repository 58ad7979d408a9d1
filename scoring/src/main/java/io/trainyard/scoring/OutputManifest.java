package io.trainyard.scoring;

/**
 * {@code _trainyard.json}, written into every scoring output: which job owns the folder and what
 * it holds. A later job may replace the folder only if it scores with the same model name.
 *
 * @param job the owning job's key: the model name
 * @param modelName model name
 * @param modelVersion bundle id or registry version
 * @param alias the alias resolved, or null
 * @param runId the training run, or null
 * @param rows rows in the output
 * @param input the input path
 * @param scoredAt the scoring timestamp
 * @param jobId the run's id
 */
public record OutputManifest(String job, String modelName, String modelVersion, String alias, String runId,
                             long rows, String input,
                             String scoredAt, String jobId) {
    public static final String FILE = "_trainyard.json";
}
