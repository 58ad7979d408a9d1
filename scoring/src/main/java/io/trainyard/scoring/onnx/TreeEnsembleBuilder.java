package io.trainyard.scoring.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects tree nodes and leaf weights, then writes one {@code ai.onnx.ml.TreeEnsembleRegressor}
 * (ai.onnx.ml opset 3). Thresholds and weights are kept as doubles; {@link Precision#FLOAT}
 * writes them as float attributes (XGBoost), {@link Precision#DOUBLE} as double tensors (Spark's
 * trees, so a split at 0.1 separates 0.1 from the next double above it). ONNX Runtime returns the
 * sums as float32 either way.
 */
final class TreeEnsembleBuilder {
    enum Precision { FLOAT, DOUBLE }

    private final List<Long> treeIds = new ArrayList<>();
    private final List<Long> nodeIds = new ArrayList<>();
    private final List<Long> featureIds = new ArrayList<>();
    private final List<String> modes = new ArrayList<>();
    private final List<Double> values = new ArrayList<>();
    private final List<Long> trueIds = new ArrayList<>();
    private final List<Long> falseIds = new ArrayList<>();
    private final List<Long> missingTracksTrue = new ArrayList<>();
    private final List<Long> targetTreeIds = new ArrayList<>();
    private final List<Long> targetNodeIds = new ArrayList<>();
    private final List<Long> targetIds = new ArrayList<>();
    private final List<Double> targetWeights = new ArrayList<>();

    /** A decision node: {@code mode} is BRANCH_LT, BRANCH_LEQ or BRANCH_EQ; true goes to {@code trueNode}. */
    void branch(int tree, int node, int feature, String mode, double value, int trueNode, int falseNode,
                boolean missingGoesTrue) {
        add(tree, node, feature, mode, value, trueNode, falseNode, missingGoesTrue);
    }

    /** A leaf adding {@code weights[k]} to target {@code k} for every non-zero weight. */
    void leaf(int tree, int node, int firstTarget, double... weights) {
        add(tree, node, 0, "LEAF", 0.0, 0, 0, false);
        for (int k = 0; k < weights.length; k++) {
            targetTreeIds.add((long) tree);
            targetNodeIds.add((long) node);
            targetIds.add((long) (firstTarget + k));
            targetWeights.add(weights[k]);
        }
    }

    private void add(int tree, int node, int feature, String mode, double value, int trueNode, int falseNode,
                     boolean missingGoesTrue) {
        treeIds.add((long) tree);
        nodeIds.add((long) node);
        featureIds.add((long) feature);
        modes.add(mode);
        values.add(value);
        trueIds.add((long) trueNode);
        falseIds.add((long) falseNode);
        missingTracksTrue.add(missingGoesTrue ? 1L : 0L);
    }

    /**
     * The summed leaf weights [N, targets] plus {@code base}, as float32. Nodes are written sorted by
     * tree and node id: ONNX Runtime takes the first node it sees of a tree as its root.
     */
    String build(OnnxGraph graph, String x, int targets, double[] base, Precision precision) {
        Integer[] order = new Integer[treeIds.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.<Integer>comparingLong(treeIds::get)
                .thenComparingLong(nodeIds::get));
        List<OnnxGraph.Attribute> attributes = new ArrayList<>(List.of(
                OnnxGraph.Attribute.longs("nodes_treeids", longs(treeIds, order)),
                OnnxGraph.Attribute.longs("nodes_nodeids", longs(nodeIds, order)),
                OnnxGraph.Attribute.longs("nodes_featureids", longs(featureIds, order)),
                OnnxGraph.Attribute.strings("nodes_modes", java.util.Arrays.stream(order).map(modes::get).toList()),
                OnnxGraph.Attribute.longs("nodes_truenodeids", longs(trueIds, order)),
                OnnxGraph.Attribute.longs("nodes_falsenodeids", longs(falseIds, order)),
                OnnxGraph.Attribute.longs("nodes_missing_value_tracks_true", longs(missingTracksTrue, order)),
                OnnxGraph.Attribute.longs("target_treeids", longs(targetTreeIds, null)),
                OnnxGraph.Attribute.longs("target_nodeids", longs(targetNodeIds, null)),
                OnnxGraph.Attribute.longs("target_ids", longs(targetIds, null)),
                OnnxGraph.Attribute.of("n_targets", (long) targets),
                OnnxGraph.Attribute.of("aggregate_function", "SUM"),
                OnnxGraph.Attribute.of("post_transform", "NONE")));
        double[] nodeValues = java.util.Arrays.stream(order).mapToDouble(values::get).toArray();
        double[] weights = targetWeights.stream().mapToDouble(Double::doubleValue).toArray();
        if (precision == Precision.DOUBLE) {
            attributes.add(OnnxGraph.Attribute.doubles("nodes_values_as_tensor", nodeValues));
            attributes.add(OnnxGraph.Attribute.doubles("target_weights_as_tensor", weights));
            attributes.add(OnnxGraph.Attribute.doubles("base_values_as_tensor", base));
        } else {
            attributes.add(OnnxGraph.Attribute.floats("nodes_values", floats(nodeValues)));
            attributes.add(OnnxGraph.Attribute.floats("target_weights", floats(weights)));
            attributes.add(OnnxGraph.Attribute.floats("base_values", floats(base)));
        }
        return graph.mlOp("TreeEnsembleRegressor", List.of(x), attributes.toArray(new OnnxGraph.Attribute[0]));
    }

    /** The list's values, in {@code order} when given. */
    private static long[] longs(List<Long> list, Integer[] order) {
        if (order == null) {
            return list.stream().mapToLong(Long::longValue).toArray();
        }
        return java.util.Arrays.stream(order).mapToLong(list::get).toArray();
    }

    private static float[] floats(double[] array) {
        float[] result = new float[array.length];
        for (int i = 0; i < array.length; i++) {
            result[i] = (float) array[i];
        }
        return result;
    }
}
