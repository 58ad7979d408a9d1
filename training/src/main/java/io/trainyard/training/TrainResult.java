package io.trainyard.training;

import io.trainyard.training.cv.CrossValidation;
import io.trainyard.training.metrics.BinaryScores;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a training run produced.
 *
 * @param name the model name
 * @param bundleDir the published bundle
 * @param bundleId the bundle's content id
 * @param holdoutDir the holdout rows (Parquet), input columns and label
 * @param rows rows loaded
 * @param trainRows rows in the training split
 * @param holdoutRows rows in the holdout split
 * @param cv the cross-validation result
 * @param holdout the refitted winner's scores on the holdout
 * @param seconds wall time per phase: load, cv, refit, evaluate, write, total
 */
public record TrainResult(String name, Path bundleDir, String bundleId, Path holdoutDir, long rows, long trainRows,
                          long holdoutRows, CrossValidation.Result cv, BinaryScores holdout,
                          Map<String, Double> seconds) {
    /** The same result for a bundle re-sealed under a new id (after an ONNX export added files). */
    public TrainResult withBundleId(String id) {
        return new TrainResult(name, bundleDir, id, holdoutDir, rows, trainRows, holdoutRows, cv, holdout, seconds);
    }
}
