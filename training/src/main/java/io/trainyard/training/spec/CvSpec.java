package io.trainyard.training.spec;

import io.trainyard.features.spec.Task;
import java.util.Locale;

/**
 * Cross-validation on the training split.
 *
 * @param folds number of folds, 2 to 20 (3 by default)
 * @param stratified keep each fold's class balance equal to the whole (true by default; ignored for
 *     regression and time-ordered folds)
 * @param metric the selection metric; by default auc (binary), macro-f1 (multiclass), rmse (regression)
 * @param strategy {@code kfold} (default), {@code time}: expanding-origin folds in time order, and
 *     a holdout of the latest rows, or {@code train-validation}: one seeded split of the training rows
 *     (large data, where k fits per candidate cost too much)
 * @param timeColumn the date column ({@code yyyy-MM-dd}) that orders rows; required for {@code time}
 * @param parallelism candidates fitted at once within a fold (1 by default), as Spark's
 *     CrossValidator's {@code parallelism}: worth it when one fit leaves cores idle
 * @param trainRatio {@code train-validation} only: the share of the training split each candidate is
 *     fitted on (0.8 by default); the rest validates, one fit per candidate instead of k
 */
public record CvSpec(Integer folds, Boolean stratified, String metric, String strategy, String timeColumn,
                     Integer parallelism, Double trainRatio) {
    public static final String KFOLD = "kfold";
    public static final String TIME = "time";
    public static final String TRAIN_VALIDATION = "train-validation";

    public CvSpec(Integer folds, Boolean stratified, String metric) {
        this(folds, stratified, metric, null, null);
    }

    public CvSpec(Integer folds, Boolean stratified, String metric, String strategy, String timeColumn) {
        this(folds, stratified, metric, strategy, timeColumn, null, null);
    }

    public CvSpec {
        strategy = strategy == null ? KFOLD : strategy.toLowerCase(Locale.ROOT);
        if (TRAIN_VALIDATION.equals(strategy) && folds != null && folds != 1) {
            throw new IllegalArgumentException("folds does not apply to strategy: train-validation (one split by"
                    + " train-ratio); remove folds");
        }
        folds = TRAIN_VALIDATION.equals(strategy) ? Integer.valueOf(1) : folds == null ? 3 : folds;
        stratified = stratified == null || stratified;
        parallelism = parallelism == null ? 1 : parallelism;
        if (!KFOLD.equals(strategy) && !TIME.equals(strategy) && !TRAIN_VALIDATION.equals(strategy)) {
            throw new IllegalArgumentException("strategy must be kfold, time or train-validation, found '" + strategy + "'");
        }
        if (!TRAIN_VALIDATION.equals(strategy) && (folds < 2 || folds > 20)) {
            throw new IllegalArgumentException("folds must be between 2 and 20, found " + folds);
        }
        if (trainRatio != null && !TRAIN_VALIDATION.equals(strategy)) {
            throw new IllegalArgumentException("train-ratio applies to strategy: train-validation only");
        }
        trainRatio = TRAIN_VALIDATION.equals(strategy) && trainRatio == null ? Double.valueOf(0.8) : trainRatio;
        if (trainRatio != null && !(trainRatio >= 0.5 && trainRatio < 1.0)) {
            throw new IllegalArgumentException("train-ratio must be at least 0.5 and below 1, found " + trainRatio);
        }
        if (parallelism < 1 || parallelism > 64) {
            throw new IllegalArgumentException("parallelism must be between 1 and 64, found " + parallelism);
        }
        if (metric != null) {
            SelectionMetric.of(metric);
        }
        if (TIME.equals(strategy) && (timeColumn == null || timeColumn.isBlank())) {
            throw new IllegalArgumentException("strategy: time needs time-column, the date column that orders rows,"
                    + " e.g. time-column: date");
        }
    }

    public static CvSpec defaults() {
        return new CvSpec(null, null, null);
    }

    public boolean timeOrdered() {
        return TIME.equals(strategy);
    }

    public boolean trainValidation() {
        return TRAIN_VALIDATION.equals(strategy);
    }

    /** This spec with the task's default metric filled in, and the metric checked against the task. */
    public CvSpec forTask(Task task) {
        SelectionMetric chosen = metric == null ? SelectionMetric.defaultFor(task) : SelectionMetric.of(metric);
        return new CvSpec(folds, stratified, chosen.requireFor(task).key(), strategy, timeColumn, parallelism,
                trainRatio);
    }

    /** The selection metric (auc when none is set: the binary default). */
    public SelectionMetric selectionMetric() {
        return metric == null ? SelectionMetric.AUC : SelectionMetric.of(metric);
    }
}
