package io.trainyard.scoring.onnx;

import java.util.ArrayList;
import java.util.List;

/** Writes XGBoost trees as one {@code ai.onnx.ml.TreeEnsembleRegressor} (ai.onnx.ml opset 3), float32. */
final class XgboostTreeEnsemble {
    private final List<Long> treeIds = new ArrayList<>();
    private final List<Long> nodeIds = new ArrayList<>();
    private final List<Long> featureIds = new ArrayList<>();
    private final List<String> modes = new ArrayList<>();
    private final List<Float> values = new ArrayList<>();
    private final List<Long> trueIds = new ArrayList<>();
    private final List<Long> falseIds = new ArrayList<>();
    private final List<Long> missingTracksTrue = new ArrayList<>();
    private final List<Long> targetTreeIds = new ArrayList<>();
    private final List<Long> targetNodeIds = new ArrayList<>();
    private final List<Long> targetIds = new ArrayList<>();
    private final List<Float> targetWeights = new ArrayList<>();

    private XgboostTreeEnsemble() {
    }

    /** The summed margins [N, targets] of all trees plus {@code base}, from float features {@code x}. */
    static String regressor(OnnxGraph graph, XgboostModelJson model, String x, int targets, float[] base) {
        XgboostTreeEnsemble ensemble = new XgboostTreeEnsemble();
        for (int t = 0; t < model.trees().size(); t++) {
            ensemble.add(t, model.trees().get(t), model.treeClasses()[t]);
        }
        return graph.mlOp("TreeEnsembleRegressor", List.of(x),
                OnnxGraph.Attribute.longs("nodes_treeids", longs(ensemble.treeIds)),
                OnnxGraph.Attribute.longs("nodes_nodeids", longs(ensemble.nodeIds)),
                OnnxGraph.Attribute.longs("nodes_featureids", longs(ensemble.featureIds)),
                OnnxGraph.Attribute.strings("nodes_modes", ensemble.modes),
                OnnxGraph.Attribute.floats("nodes_values", floats(ensemble.values)),
                OnnxGraph.Attribute.longs("nodes_truenodeids", longs(ensemble.trueIds)),
                OnnxGraph.Attribute.longs("nodes_falsenodeids", longs(ensemble.falseIds)),
                OnnxGraph.Attribute.longs("nodes_missing_value_tracks_true", longs(ensemble.missingTracksTrue)),
                OnnxGraph.Attribute.longs("target_treeids", longs(ensemble.targetTreeIds)),
                OnnxGraph.Attribute.longs("target_nodeids", longs(ensemble.targetNodeIds)),
                OnnxGraph.Attribute.longs("target_ids", longs(ensemble.targetIds)),
                OnnxGraph.Attribute.floats("target_weights", floats(ensemble.targetWeights)),
                OnnxGraph.Attribute.of("n_targets", (long) targets),
                OnnxGraph.Attribute.of("aggregate_function", "SUM"),
                OnnxGraph.Attribute.floats("base_values", base),
                OnnxGraph.Attribute.of("post_transform", "NONE"));
    }

    private void add(int treeId, XgboostModelJson.Tree tree, int target) {
        for (int node = 0; node < tree.left().length; node++) {
            treeIds.add((long) treeId);
            nodeIds.add((long) node);
            if (tree.isLeaf(node)) {
                featureIds.add(0L);
                modes.add("LEAF");
                values.add(0f);
                trueIds.add(0L);
                falseIds.add(0L);
                missingTracksTrue.add(0L);
                targetTreeIds.add((long) treeId);
                targetNodeIds.add((long) node);
                targetIds.add((long) target);
                targetWeights.add(tree.condition()[node]);
            } else {
                featureIds.add((long) tree.splitFeature()[node]);
                modes.add("BRANCH_LT");
                values.add(tree.condition()[node]);
                trueIds.add((long) tree.left()[node]);
                falseIds.add((long) tree.right()[node]);
                missingTracksTrue.add(tree.defaultLeft()[node] ? 1L : 0L);
            }
        }
    }

    private static long[] longs(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static float[] floats(List<Float> values) {
        float[] array = new float[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }
}
