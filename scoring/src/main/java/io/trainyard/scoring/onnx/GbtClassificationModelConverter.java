package io.trainyard.scoring.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.List;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.regression.DecisionTreeRegressionModel;

/**
 * {@code GBTClassificationModel} (binary, logistic loss): margin F = sum of tree weight x leaf
 * value, p0 = 1 / (1 + e^(2F)), p1 = 1 - p0, class 1 when F &gt; 0 (argmax of Spark's raw [-F, F]).
 * Splits in double; the margin comes back from the tree ensemble as float32.
 */
final class GbtClassificationModelConverter implements StageConverter<GBTClassificationModel> {
    @Override
    public Class<GBTClassificationModel> stageClass() {
        return GBTClassificationModel.class;
    }

    @Override
    public void convert(GBTClassificationModel stage, ConversionContext context) {
        String x = TreeClassifiers.features(context, stage.getFeaturesCol(), stage.numFeatures(), stage.uid());
        DecisionTreeRegressionModel[] trees = stage.trees();
        double[] weights = stage.treeWeights();
        TreeEnsembleBuilder builder = new TreeEnsembleBuilder();
        for (int t = 0; t < trees.length; t++) {
            double weight = weights[t];
            SparkTrees.add(builder, t, trees[t].rootNode(), 0, leaf -> new double[] {weight * leaf.prediction()});
        }
        OnnxGraph graph = context.graph();
        String margin = context.cast(new OnnxColumn(builder.build(graph, x, 1, new double[1],
                TreeEnsembleBuilder.Precision.DOUBLE), DataType.FLOAT, 1), DataType.DOUBLE);
        String twice = graph.op("Mul", List.of(margin, context.scalar(-2.0)));
        String p0 = graph.op("Sigmoid", List.of(twice));
        String p1 = graph.op("Sub", List.of(context.scalar(1.0), p0));
        String probabilities = graph.op("Concat", List.of(p0, p1), OnnxGraph.Attribute.of("axis", 1L));
        String positive = graph.op("Greater", List.of(margin, context.scalar(0.0)));
        String label = graph.op("Cast", List.of(positive), OnnxGraph.Attribute.type("to", DataType.INT64));
        context.predict(graph.op("Reshape", List.of(label, graph.longs("shape", new long[] {-1}, 1))), probabilities,
                2);
    }
}
