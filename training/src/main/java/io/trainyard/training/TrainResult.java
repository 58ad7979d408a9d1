package io.trainyard.training;

import io.trainyard.features.spec.Task;
import io.trainyard.training.cv.CrossValidation;
import io.trainyard.training.metrics.DecisionThreshold;
import io.trainyard.training.metrics.Scores;
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
 * @param holdout the refitted winner's scores on the holdout ({@link io.trainyard.training.metrics.BinaryScores},
 *     {@link io.trainyard.training.metrics.MulticlassScores} or {@link io.trainyard.training.metrics.RegressionScores})
 * @param seconds wall time per phase: load, cv, refit, evaluate, write, total
 * @param task the task learnt
 * @param baseline the seasonal-naive baseline's scores on the same holdout rows (time series), the mean-rating and
 *     popularity baselines' (recommendation), else null
 * @param threshold the decision threshold chosen on validation data (binary with a target), else null
 */
public record TrainResult(String name, Path bundleDir, String bundleId, Path holdoutDir, long rows, long trainRows,
                          long holdoutRows, CrossValidation.Result cv, Scores holdout, Map<String, Double> seconds,
                          Task task, Scores baseline, DecisionThreshold threshold) {
    /** The same result for a bundle re-sealed under a new id (after an ONNX export added files). */
    public TrainResult withBundleId(String id) {
        return new TrainResult(name, bundleDir, id, holdoutDir, rows, trainRows, holdoutRows, cv, holdout, seconds,
                task, baseline, threshold);
    }

    /** The same result after its bundle and holdout folders were moved (published from a staging folder). */
    public TrainResult movedTo(Path bundle, Path holdoutRows) {
        return new TrainResult(name, bundle, bundleId, holdoutRows, rows, trainRows, this.holdoutRows, cv, holdout,
                seconds, task, baseline, threshold);
    }
}
