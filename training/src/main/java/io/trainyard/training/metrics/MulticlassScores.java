package io.trainyard.training.metrics;

import io.trainyard.features.spec.Task;
import io.trainyard.training.spec.SelectionMetric;
import java.util.List;

/**
 * Multi-class metrics of one evaluation, from its confusion matrix.
 *
 * @param rows rows evaluated
 * @param accuracy share of rows whose predicted class is the true one
 * @param macroF1 unweighted mean of the per-class F1 (a class never predicted nor present counts 0)
 * @param weightedF1 mean of the per-class F1 weighted by each class's true rows
 * @param logLoss mean negative log of the probability given to the true class, clipped at 1e-15
 * @param classes the class labels, by index
 * @param confusion {@code confusion[actual][predicted]} row counts
 */
public record MulticlassScores(long rows, double accuracy, double macroF1, double weightedF1, double logLoss,
                               List<String> classes, long[][] confusion) implements Scores {
    public MulticlassScores {
        classes = List.copyOf(classes);
    }

    @Override
    public double get(SelectionMetric metric) {
        return switch (metric) {
            case ACCURACY -> accuracy;
            case MACRO_F1 -> macroF1;
            case WEIGHTED_F1 -> weightedF1;
            case LOG_LOSS -> logLoss;
            default -> throw new IllegalArgumentException(metric.key() + " is not a multi-class metric");
        };
    }

    @Override
    public Task task() {
        return Task.MULTICLASS;
    }

    /**
     * Scores from a confusion matrix and the summed log-likelihood of the true classes; the
     * arithmetic behind every multi-class evaluation (tested against hand-computed values).
     */
    public static MulticlassScores of(List<String> classes, long[][] confusion, double sumLogLikelihood) {
        int k = confusion.length;
        long rows = 0;
        long correct = 0;
        long[] actual = new long[k];
        long[] predicted = new long[k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                rows += confusion[i][j];
                actual[i] += confusion[i][j];
                predicted[j] += confusion[i][j];
            }
            correct += confusion[i][i];
        }
        double macro = 0;
        double weighted = 0;
        for (int c = 0; c < k; c++) {
            double precision = predicted[c] == 0 ? 0 : (double) confusion[c][c] / predicted[c];
            double recall = actual[c] == 0 ? 0 : (double) confusion[c][c] / actual[c];
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            macro += f1 / k;
            weighted += f1 * actual[c] / rows;
        }
        return new MulticlassScores(rows, (double) correct / rows, macro, weighted, -sumLogLikelihood / rows, classes,
                confusion);
    }
}
