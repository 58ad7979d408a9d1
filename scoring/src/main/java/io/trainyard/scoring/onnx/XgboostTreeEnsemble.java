package io.trainyard.scoring.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * XGBoost trees as one tree ensemble in float32: go left when x &lt; threshold (BRANCH_LT), NaN
 * follows {@code default_left}, each leaf adds its value to its tree's class.
 *
 * <p>A categorical split (a category in the node's set goes right, any other left, NaN by
 * {@code default_left}) reads a column of its own, appended to the features: 1 when the row's
 * category is in the set, 0 when not, NaN when missing; the node is then {@code x' < 0.5}. The
 * columns come from one lookup table per categorical feature (a row per category, a column per split
 * on it) gathered by the category. Why not the usual chain of BRANCH_EQ nodes, one per category:
 * ONNX Runtime 1.23 had not finished loading such a graph of the airline model (two features of
 * ~300 categories) after ten minutes (compare microsoft/onnxruntime#25400); a table is one Gather.
 */
final class XgboostTreeEnsemble {
    private XgboostTreeEnsemble() {
    }

    /** One categorical split: the tree, node, feature it reads and the categories that go right. */
    private record SetSplit(int tree, int node, int feature, int[] categories) {
    }

    /** The summed margins [N, targets] of all trees plus {@code base}, from float features {@code x}. */
    static String regressor(OnnxGraph graph, XgboostModelJson model, String x, int targets, float[] base) {
        List<SetSplit> splits = new ArrayList<>();
        for (int t = 0; t < model.trees().size(); t++) {
            XgboostModelJson.Tree tree = model.trees().get(t);
            for (int node = 0; node < tree.left().length; node++) {
                if (!tree.isLeaf(node) && tree.isCategorical(node)) {
                    splits.add(new SetSplit(t, node, tree.splitFeature()[node], tree.categories()[node]));
                }
            }
        }
        Map<Long, Integer> membershipColumn = new java.util.HashMap<>();
        String input = splits.isEmpty() ? x : withMemberships(graph, x, model.features(), splits, membershipColumn);
        TreeEnsembleBuilder builder = new TreeEnsembleBuilder();
        for (int t = 0; t < model.trees().size(); t++) {
            XgboostModelJson.Tree tree = model.trees().get(t);
            for (int node = 0; node < tree.left().length; node++) {
                if (tree.isLeaf(node)) {
                    builder.leaf(t, node, model.treeClasses()[t], tree.condition()[node]);
                } else if (tree.isCategorical(node)) {
                    builder.branch(t, node, membershipColumn.get(key(t, node)), "BRANCH_LT", 0.5,
                            tree.left()[node], tree.right()[node], tree.defaultLeft()[node]);
                } else {
                    builder.branch(t, node, tree.splitFeature()[node], "BRANCH_LT", tree.condition()[node],
                            tree.left()[node], tree.right()[node], tree.defaultLeft()[node]);
                }
            }
        }
        double[] baseValues = new double[base.length];
        for (int i = 0; i < base.length; i++) {
            baseValues[i] = base[i];
        }
        return builder.build(graph, input, targets, baseValues, TreeEnsembleBuilder.Precision.FLOAT);
    }

    private static long key(int tree, int node) {
        return ((long) tree << 32) | node;
    }

    /**
     * {@code x} [N, features] with one membership column per split appended; records each split's
     * column in {@code columnOf}. Per categorical feature: the category (NaN read as 0, clipped to
     * [0, max + 1], truncated as XGBoost does) picks a row of a [max + 2, splits] table of 0/1 (row
     * max + 1, for categories beyond every set, is all 0), then NaN rows are set back to NaN.
     */
    private static String withMemberships(OnnxGraph graph, String x, int features, List<SetSplit> splits,
                                          Map<Long, Integer> columnOf) {
        Map<Integer, List<SetSplit>> byFeature = new TreeMap<>();
        for (SetSplit split : splits) {
            byFeature.computeIfAbsent(split.feature(), f -> new ArrayList<>()).add(split);
        }
        List<String> parts = new ArrayList<>(List.of(x));
        int column = features;
        for (Map.Entry<Integer, List<SetSplit>> entry : byFeature.entrySet()) {
            List<SetSplit> onFeature = entry.getValue();
            int max = 0;
            for (SetSplit split : onFeature) {
                for (int c : split.categories()) {
                    max = Math.max(max, c);
                }
            }
            int rows = max + 2;
            int k = onFeature.size();
            float[] table = new float[rows * k];
            for (int j = 0; j < k; j++) {
                for (int c : onFeature.get(j).categories()) {
                    table[c * k + j] = 1f;
                }
                columnOf.put(key(onFeature.get(j).tree(), onFeature.get(j).node()), column + j);
            }
            column += k;
            String value = graph.op("Gather", List.of(x, graph.longs("feature", new long[] {entry.getKey()}, 1)),
                    OnnxGraph.Attribute.of("axis", 1L));
            String missing = graph.op("IsNaN", List.of(value));
            String zero = graph.floats("zero", new float[] {0f}, 1);
            String known = graph.op("Where", List.of(missing, zero, value));
            String clipped = graph.op("Min", List.of(graph.op("Max", List.of(known, zero)),
                    graph.floats("last", new float[] {rows - 1}, 1)));
            String index = graph.op("Cast", List.of(clipped), OnnxGraph.Attribute.type("to", DataType.INT64));
            String gathered = graph.op("Gather", List.of(graph.floats("members", table, rows, k), index),
                    OnnxGraph.Attribute.of("axis", 0L));
            String flat = graph.op("Reshape", List.of(gathered, graph.longs("shape", new long[] {-1, k}, 2)));
            parts.add(graph.op("Where", List.of(missing, graph.floats("nan", new float[] {Float.NaN}, 1), flat)));
        }
        return graph.op("Concat", parts, OnnxGraph.Attribute.of("axis", 1L));
    }
}
