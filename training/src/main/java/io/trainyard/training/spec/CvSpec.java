package io.trainyard.training.spec;

/**
 * Cross-validation on the training split.
 *
 * @param folds number of folds, 2 to 20 (3 by default)
 * @param stratified keep each fold's class balance equal to the whole (true by default)
 * @param metric the selection metric: auc, pr-auc, log-loss, accuracy or f1 (auc by default)
 */
public record CvSpec(Integer folds, Boolean stratified, String metric) {
    public CvSpec {
        folds = folds == null ? 3 : folds;
        stratified = stratified == null || stratified;
        metric = metric == null ? "auc" : metric;
        if (folds < 2 || folds > 20) {
            throw new IllegalArgumentException("folds must be between 2 and 20, found " + folds);
        }
        SelectionMetric.of(metric);
    }

    public static CvSpec defaults() {
        return new CvSpec(null, null, null);
    }

    public SelectionMetric selectionMetric() {
        return SelectionMetric.of(metric);
    }
}
