package io.trainyard.training.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.sum;

import io.trainyard.features.load.DatasetSchema;
import io.trainyard.training.model.ModelFamily;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Computes {@link MulticlassScores} with one Spark job: the confusion cells and the log-likelihood per cell. */
public final class MulticlassMetrics {
    private static final double EPSILON = 1e-15;

    private MulticlassMetrics() {
    }

    /** Evaluates predictions holding the label index, the predicted index and the probability vector. */
    public static MulticlassScores evaluate(Dataset<Row> predictions, List<String> classes) {
        Column probabilities = org.apache.spark.ml.functions.vector_to_array(col(ModelFamily.PROBABILITY), "float64");
        Column trueProbability = element_at(probabilities, col(DatasetSchema.LABEL).cast("int").plus(1));
        List<Row> cells = predictions
                .groupBy(col(DatasetSchema.LABEL).cast("int").as("actual"),
                        col(ModelFamily.PREDICTION).cast("int").as("predicted"))
                .agg(count(lit(1)), sum(log(greatest(trueProbability, lit(EPSILON)))))
                .collectAsList();
        int k = classes.size();
        long[][] confusion = new long[k][k];
        double logLikelihood = 0;
        for (Row cell : cells) {
            int actual = cell.getInt(0);
            int predicted = cell.getInt(1);
            if (actual >= k || predicted >= k) {
                throw new IllegalStateException("class index out of range: actual " + actual + ", predicted "
                        + predicted + " for " + k + " classes");
            }
            confusion[actual][predicted] += cell.getLong(2);
            logLikelihood += cell.getDouble(3);
        }
        return MulticlassScores.of(classes, confusion, logLikelihood);
    }
}
