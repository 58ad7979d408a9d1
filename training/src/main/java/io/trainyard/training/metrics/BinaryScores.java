package io.trainyard.training.metrics;

import io.trainyard.features.spec.Task;
import io.trainyard.training.spec.SelectionMetric;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Binary classification metrics of one evaluation. Threshold metrics use the model's own
 * prediction (probability of the positive class at least 0.5).
 *
 * @param rows rows evaluated
 * @param positives rows whose label is the positive class
 * @param auc area under the ROC curve
 * @param prAuc area under the precision-recall curve (Spark's trapezoidal estimate)
 * @param logLoss mean negative log-likelihood, probabilities clipped to [1e-15, 1 - 1e-15]
 * @param accuracy share of correct predictions
 * @param precision true positives over predicted positives (0 when nothing is predicted positive)
 * @param recall true positives over actual positives
 * @param f1 harmonic mean of precision and recall
 * @param confusion counts: tp, fp, tn, fn
 */
public record BinaryScores(long rows, long positives, double auc, double prAuc, double logLoss, double accuracy,
                           double precision, double recall, double f1, Map<String, Long> confusion)
        implements Scores {

    @Override
    public double get(SelectionMetric metric) {
        return switch (metric) {
            case AUC -> auc;
            case PR_AUC -> prAuc;
            case LOG_LOSS -> logLoss;
            case ACCURACY -> accuracy;
            case F1 -> f1;
            default -> throw new IllegalArgumentException(metric.key() + " is not a binary classification metric");
        };
    }

    /** The metrics by their config names, in a stable order, for logs and JSON. */
    @Override
    public Task task() {
        return Task.BINARY;
    }

    @Override
    public Map<String, Double> asMap() {
        Map<String, Double> values = new LinkedHashMap<>(Scores.super.asMap());
        values.put("precision", precision);
        values.put("recall", recall);
        return values;
    }
}
