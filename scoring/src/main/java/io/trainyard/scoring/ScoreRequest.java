package io.trainyard.scoring;

import io.trainyard.features.spec.DataSource;
import java.nio.file.Path;

/**
 * A bulk scoring job.
 *
 * @param bundleDir the model bundle folder
 * @param input rows to score
 * @param output the output folder (Parquet); replaced atomically
 * @param jobId identifies this run in the stamps and the manifest
 */
public record ScoreRequest(Path bundleDir, DataSource input, String output, String jobId) {
}
