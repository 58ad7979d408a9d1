package io.trainyard.scoring.onnx;

import io.trainyard.common.TrainyardException;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;

/** The linear predictor w·x + b shared by Spark's linear regressors, in double ({@code MatMul}, {@code Add}). */
final class LinearModels {
    private LinearModels() {
    }

    /** w·x + b as double [N, 1], from the features column checked against the model's width. */
    static String predictor(ConversionContext context, String featuresCol, Vector coefficients, double intercept,
                            String uid) {
        OnnxColumn features = context.column(featuresCol);
        if (features.width() != coefficients.size()) {
            throw TrainyardException.usage("ONNX export: linear model " + uid + " expects " + coefficients.size()
                    + " features, column '" + featuresCol + "' has " + features.width());
        }
        OnnxGraph graph = context.graph();
        String weights = graph.doubles("coefficients", coefficients.toArray(), coefficients.size(), 1);
        String product = graph.op("MatMul", List.of(context.asDouble(features), weights));
        return graph.op("Add", List.of(product, context.scalar(intercept)));
    }
}
