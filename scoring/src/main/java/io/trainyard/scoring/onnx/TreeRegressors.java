package io.trainyard.scoring.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.regression.DecisionTreeRegressionModel;
import org.apache.spark.ml.tree.Node;

/**
 * Spark's tree regressors in exact double. A tree ensemble in ONNX Runtime returns float32 sums,
 * which would round a prediction of 15,000 by ~1e-3; so the ensemble here only finds leaves: tree
 * t writes its leaf's position (a small integer, exact in float) to target t. The leaf values,
 * times each tree's weight as Spark multiplies them, sit in a double table; {@code Gather} reads
 * them and {@code ReduceSum} adds them up in double.
 */
final class TreeRegressors {
    private TreeRegressors() {
    }

    /** Σ weights[t] x leaf value of tree t, double [N], from double features {@code x}. */
    static String weightedSum(ConversionContext context, String x, DecisionTreeRegressionModel[] trees,
                              double[] weights) {
        Node[] roots = new Node[trees.length];
        for (int t = 0; t < trees.length; t++) {
            roots[t] = trees[t].rootNode();
        }
        return weightedSum(context, x, roots, weights);
    }

    static String weightedSum(ConversionContext context, String x, Node[] roots, double[] weights) {
        TreeEnsembleBuilder builder = new TreeEnsembleBuilder();
        List<Double> table = new ArrayList<>();
        long[] offsets = new long[roots.length];
        for (int t = 0; t < roots.length; t++) {
            offsets[t] = table.size();
            double weight = weights[t];
            int first = table.size();
            SparkTrees.add(builder, t, roots[t], t, leaf -> {
                table.add(weight * leaf.prediction());
                return new double[] {table.size() - 1 - first};
            });
        }
        OnnxGraph graph = context.graph();
        String leaves = builder.build(graph, x, roots.length, new double[roots.length],
                TreeEnsembleBuilder.Precision.DOUBLE);
        String positions = graph.op("Add", List.of(
                graph.op("Cast", List.of(leaves), OnnxGraph.Attribute.type("to", DataType.INT64)),
                graph.longs("offsets", offsets, 1, offsets.length)));
        String values = graph.op("Gather", List.of(graph.doubles("leaf_values",
                table.stream().mapToDouble(Double::doubleValue).toArray(), table.size()), positions),
                OnnxGraph.Attribute.of("axis", 0L));
        return graph.op("ReduceSum", List.of(values, graph.longs("axes", new long[] {1}, 1)),
                OnnxGraph.Attribute.of("keepdims", 0L));
    }

    /** The features column as double [N, numFeatures], checked against the model's width. */
    static String features(ConversionContext context, String column, int numFeatures, String uid) {
        return TreeClassifiers.features(context, column, numFeatures, uid);
    }
}
