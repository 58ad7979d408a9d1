package io.trainyard.scoring;

import io.trainyard.features.spec.DataSource;
import java.nio.file.Path;

/**
 * A bulk scoring job.
 *
 * @param bundleDir the verified model bundle folder
 * @param input rows to score
 * @param output the output folder (Parquet); replaced atomically
 * @param jobId identifies this run in the stamps and the manifest
 * @param version the registry version stamped on rows, or null to stamp the bundle id
 * @param alias the alias the model was resolved through, or null
 * @param runId the training run, or null to take the bundle's
 */
public record ScoreRequest(Path bundleDir, DataSource input, String output, String jobId, String version,
                           String alias, String runId) {
    /** Scoring a bundle folder directly, outside the registry. */
    public static ScoreRequest ofBundle(Path bundleDir, DataSource input, String output, String jobId) {
        return new ScoreRequest(bundleDir, input, output, jobId, null, null, null);
    }
}
