package io.trainyard.training.metrics;

/**
 * A decision threshold on the positive-class probability, chosen on cross-validation folds'
 * validation rows to meet a precision or recall target, and how it did on the holdout.
 *
 * @param target {@code precision} or {@code recall}
 * @param goal the target's value, e.g. 0.5
 * @param threshold the chosen threshold: the mean over folds of each fold's threshold
 * @param foldThresholds each fold's threshold (the highest one meeting a recall goal, the lowest
 *     one meeting a precision goal; the best available when none meets it)
 * @param holdoutPrecision precision on the holdout at the threshold
 * @param holdoutRecall recall on the holdout at the threshold
 */
public record DecisionThreshold(String target, double goal, double threshold, double[] foldThresholds,
                                double holdoutPrecision, double holdoutRecall) {
}
