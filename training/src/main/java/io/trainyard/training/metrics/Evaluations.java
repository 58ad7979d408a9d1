package io.trainyard.training.metrics;

import io.trainyard.features.load.DatasetSchema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The evaluation of a task's predictions: binary, multi-class or regression metrics. */
public final class Evaluations {
    private Evaluations() {
    }

    /** Evaluates a model's predictions (label, prediction and, for classifiers, the probability vector). */
    public static Scores evaluate(DatasetSchema schema, Dataset<Row> predictions) {
        return switch (schema.task()) {
            case BINARY -> BinaryMetrics.evaluate(predictions);
            case MULTICLASS -> MulticlassMetrics.evaluate(predictions, schema.classes());
            case REGRESSION -> RegressionMetrics.evaluate(predictions);
        };
    }
}
