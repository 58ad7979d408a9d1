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
 * @param strategy {@code kfold} (default) or {@code time}: expanding-origin folds in time order, and
 *     a holdout of the latest rows
 * @param timeColumn the date column ({@code yyyy-MM-dd}) that orders rows; required for {@code time}
 */
public record CvSpec(Integer folds, Boolean stratified, String metric, String strategy, String timeColumn) {
    public static final String KFOLD = "kfold";
    public static final String TIME = "time";

    public CvSpec(Integer folds, Boolean stratified, String metric) {
        this(folds, stratified, metric, null, null);
    }

    public CvSpec {
        folds = folds == null ? 3 : folds;
        stratified = stratified == null || stratified;
        strategy = strategy == null ? KFOLD : strategy.toLowerCase(Locale.ROOT);
        if (folds < 2 || folds > 20) {
            throw new IllegalArgumentException("folds must be between 2 and 20, found " + folds);
        }
        if (metric != null) {
            SelectionMetric.of(metric);
        }
        if (!KFOLD.equals(strategy) && !TIME.equals(strategy)) {
            throw new IllegalArgumentException("strategy must be kfold or time, found '" + strategy + "'");
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

    /** This spec with the task's default metric filled in, and the metric checked against the task. */
    public CvSpec forTask(Task task) {
        SelectionMetric chosen = metric == null ? SelectionMetric.defaultFor(task) : SelectionMetric.of(metric);
        return new CvSpec(folds, stratified, chosen.requireFor(task).key(), strategy, timeColumn);
    }

    /** The selection metric (auc when none is set: the binary default). */
    public SelectionMetric selectionMetric() {
        return metric == null ? SelectionMetric.AUC : SelectionMetric.of(metric);
    }
}
