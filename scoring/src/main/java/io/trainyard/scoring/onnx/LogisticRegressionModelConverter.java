package io.trainyard.scoring.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.trainyard.common.TrainyardException;
import java.util.List;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Matrix;

/**
 * {@code LogisticRegressionModel}, in double. Binary: margin m = w·x + b, p0 = 1 / (1 + e^m),
 * p1 = 1 - p0 (Spark's own order of operations), class 1 when m > log(t / (1 - t)) for the
 * threshold t, as Spark's raw2prediction. Multinomial: margins W·x + b, {@code Softmax}, class =
 * first argmax. {@code MatMul}, {@code Add}, {@code Sigmoid} / {@code Softmax}, {@code ArgMax}.
 */
final class LogisticRegressionModelConverter implements StageConverter<LogisticRegressionModel> {
    @Override
    public Class<LogisticRegressionModel> stageClass() {
        return LogisticRegressionModel.class;
    }

    @Override
    public void convert(LogisticRegressionModel stage, ConversionContext context) {
        OnnxColumn features = context.column(stage.getFeaturesCol());
        if (features.width() != stage.numFeatures()) {
            throw TrainyardException.usage("ONNX export: LogisticRegressionModel " + stage.uid() + " expects "
                    + stage.numFeatures() + " features, column '" + stage.getFeaturesCol() + "' has "
                    + features.width());
        }
        String x = context.asDouble(features);
        if (stage.isSet(stage.thresholds()) && stage.numClasses() > 2) {
            throw TrainyardException.usage("ONNX export: LogisticRegressionModel " + stage.uid()
                    + " sets per-class thresholds, which export does not support; unset them");
        }
        String margins = margins(context, x, stage.coefficientMatrix(), stage.interceptVector().toArray());
        boolean multinomial = stage.coefficientMatrix().numRows() > 1;
        if (multinomial) {
            String probabilities = context.graph().op("Softmax", List.of(margins), OnnxGraph.Attribute.of("axis", 1L));
            String label = context.graph().op("ArgMax", List.of(probabilities), OnnxGraph.Attribute.of("axis", 1L),
                    OnnxGraph.Attribute.of("keepdims", 0L));
            context.predict(label, probabilities, stage.numClasses());
        } else {
            binary(context, margins, stage.getThreshold());
        }
    }

    /** x [N, n] times the coefficients transposed [n, k], plus the intercepts [1, k]. */
    private static String margins(ConversionContext context, String x, Matrix coefficients, double[] intercepts) {
        int k = coefficients.numRows();
        int n = coefficients.numCols();
        double[] transposed = new double[n * k];
        for (int j = 0; j < n; j++) {
            for (int c = 0; c < k; c++) {
                transposed[j * k + c] = coefficients.apply(c, j);
            }
        }
        OnnxGraph graph = context.graph();
        String product = graph.op("MatMul", List.of(x, graph.doubles("coefficients", transposed, n, k)));
        return graph.op("Add", List.of(product, context.row("intercept", intercepts)));
    }

    private static void binary(ConversionContext context, String margin, double threshold) {
        OnnxGraph graph = context.graph();
        String p0 = graph.op("Sigmoid", List.of(graph.op("Neg", List.of(margin))));
        String p1 = graph.op("Sub", List.of(context.scalar(1.0), p0));
        String probabilities = graph.op("Concat", List.of(p0, p1), OnnxGraph.Attribute.of("axis", 1L));
        String positive = graph.op("Greater", List.of(margin, context.scalar(Math.log(threshold / (1 - threshold)))));
        String label = graph.op("Cast", List.of(positive), OnnxGraph.Attribute.type("to", DataType.INT64));
        String flat = graph.op("Reshape", List.of(label, graph.longs("shape", new long[] {-1}, 1)));
        context.predict(flat, probabilities, 2);
    }
}
