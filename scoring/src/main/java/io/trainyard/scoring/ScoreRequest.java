package io.trainyard.scoring;

import io.trainyard.features.spec.DataSource;
import java.nio.file.Path;

/**
 * A bulk scoring job.
 *
 * @param bundleDir the verified model bundle folder
 * @param input rows to score
 * @param output the output folder (Parquet)
 * @param jobId identifies this run in the stamps and the manifest
 * @param version the registry version stamped on rows, or null to stamp the bundle id
 * @param alias the alias the model was resolved through, or null
 * @param runId the training run, or null to take the bundle's
 * @param partition the partition of the output this run replaces ({@code date=2026-11-25}), or
 *     null to replace the whole output folder
 * @param onInvalid what to do with rows holding missing, unparsable or unseen feature values
 * @param failOnDrift refuse to publish when a feature's PSI exceeds this, or null for no bound
 */
public record ScoreRequest(Path bundleDir, DataSource input, String output, String jobId, String version,
                           String alias, String runId, String partition, InvalidRows onInvalid, Double failOnDrift) {
    public ScoreRequest {
        partition = OutputPartition.parse(partition);
        onInvalid = onInvalid == null ? InvalidRows.KEEP : onInvalid;
    }

    /** Scoring a bundle folder directly, outside the registry, into a whole output folder. */
    public static ScoreRequest ofBundle(Path bundleDir, DataSource input, String output, String jobId) {
        return new ScoreRequest(bundleDir, input, output, jobId, null, null, null, null, null, null);
    }
}
