package io.trainyard.training.metrics;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.trainyard.features.load.DatasetSchema;
import io.trainyard.training.model.ModelFamily;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Computes {@link RegressionScores} with one aggregate over the predictions. */
public final class RegressionMetrics {
    private RegressionMetrics() {
    }

    /** Evaluates the model's {@code prediction} column against the label. */
    public static RegressionScores evaluate(Dataset<Row> predictions) {
        return evaluate(predictions, ModelFamily.PREDICTION);
    }

    /** Evaluates any forecast column (a model's, or a baseline's) against the label; rows without one are skipped. */
    public static RegressionScores evaluate(Dataset<Row> predictions, String forecastColumn) {
        Column y = col(DatasetSchema.LABEL);
        Column error = col(forecastColumn).minus(y);
        Dataset<Row> rows = predictions.filter(col(forecastColumn).isNotNull());
        Row sums = rows.agg(count(lit(1)), sum(pow(error, 2)), sum(abs(error)),
                sum(when(y.notEqual(0), abs(error).divide(abs(y))).otherwise(0.0)),
                sum(when(y.notEqual(0), 1).otherwise(0)), sum(y), sum(pow(y, 2))).first();
        long n = sums.getLong(0);
        if (n == 0) {
            throw new IllegalStateException("no rows to evaluate in column " + forecastColumn);
        }
        return RegressionScores.of(n, sums.getDouble(1), sums.getDouble(2), sums.getDouble(3), sums.getLong(4),
                sums.getDouble(5), sums.getDouble(6));
    }
}
