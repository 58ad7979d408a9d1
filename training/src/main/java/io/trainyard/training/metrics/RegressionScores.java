package io.trainyard.training.metrics;

import io.trainyard.features.spec.Task;
import io.trainyard.training.spec.SelectionMetric;

/**
 * Regression metrics of one evaluation.
 *
 * @param rows rows evaluated
 * @param rmse root mean squared error
 * @param mae mean absolute error
 * @param mape mean absolute percentage error, in percent, over rows whose actual value is not 0
 * @param r2 coefficient of determination: 1 - squared error / squared deviation from the mean
 * @param meanActual mean of the actual values
 */
public record RegressionScores(long rows, double rmse, double mae, double mape, double r2, double meanActual)
        implements Scores {

    @Override
    public double get(SelectionMetric metric) {
        return switch (metric) {
            case RMSE -> rmse;
            case MAE -> mae;
            case MAPE -> mape;
            case R2 -> r2;
            default -> throw new IllegalArgumentException(metric.key() + " is not a regression metric");
        };
    }

    @Override
    public Task task() {
        return Task.REGRESSION;
    }

    /**
     * Scores from sums over rows (the arithmetic behind every regression evaluation).
     *
     * @param rows n
     * @param sumError sum of (predicted - actual)²
     * @param sumAbsolute sum of |predicted - actual|
     * @param sumPercent sum of |predicted - actual| / |actual| over rows with actual != 0
     * @param nonZero rows with actual != 0
     * @param sumActual sum of actual
     * @param sumActualSquared sum of actual²
     */
    public static RegressionScores of(long rows, double sumError, double sumAbsolute, double sumPercent, long nonZero,
                                      double sumActual, double sumActualSquared) {
        double mean = sumActual / rows;
        double total = sumActualSquared - rows * mean * mean;
        double r2 = total <= 0 ? Double.NaN : 1 - sumError / total;
        double mape = nonZero == 0 ? Double.NaN : 100.0 * sumPercent / nonZero;
        return new RegressionScores(rows, Math.sqrt(sumError / rows), sumAbsolute / rows, mape, r2, mean);
    }
}
