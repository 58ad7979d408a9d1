package io.trainyard.scoring.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.trainyard.common.TrainyardException;
import java.util.List;
import org.apache.spark.ml.classification.DecisionTreeClassificationModel;

/** The ONNX tail shared by Spark's tree classifiers: features in, class votes out, normalized. */
final class TreeClassifiers {
    private TreeClassifiers() {
    }

    /** The features column as double [N, numFeatures], checked against the model's width. */
    static String features(ConversionContext context, String column, int numFeatures, String uid) {
        OnnxColumn features = context.column(column);
        if (features.width() != numFeatures) {
            throw TrainyardException.usage("ONNX export: tree model " + uid + " expects " + numFeatures
                    + " features, column '" + column + "' has " + features.width());
        }
        return context.asDouble(features);
    }

    /**
     * Sums each tree's normalized leaf counts (Spark's raw prediction for forests; a single tree's
     * normalized counts are its probabilities), normalizes the sum to probabilities and predicts the
     * first class of largest probability.
     */
    static void votes(ConversionContext context, String x, DecisionTreeClassificationModel[] trees, int classes) {
        TreeEnsembleBuilder builder = new TreeEnsembleBuilder();
        for (int t = 0; t < trees.length; t++) {
            SparkTrees.add(builder, t, trees[t].rootNode(), 0, SparkTrees::normalizedCounts);
        }
        OnnxGraph graph = context.graph();
        String raw = context.cast(new OnnxColumn(builder.build(graph, x, classes, new double[classes],
                TreeEnsembleBuilder.Precision.DOUBLE), DataType.FLOAT, classes), DataType.DOUBLE);
        String total = graph.op("ReduceSum", List.of(raw, graph.longs("axes", new long[] {1}, 1)),
                OnnxGraph.Attribute.of("keepdims", 1L));
        String probabilities = graph.op("Div", List.of(raw, total));
        String label = graph.op("ArgMax", List.of(probabilities), OnnxGraph.Attribute.of("axis", 1L),
                OnnxGraph.Attribute.of("keepdims", 0L));
        context.predict(label, probabilities, classes);
    }
}
