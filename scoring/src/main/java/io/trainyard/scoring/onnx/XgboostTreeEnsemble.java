package io.trainyard.scoring.onnx;

/**
 * XGBoost trees as one tree ensemble in float32: go left when x &lt; threshold (BRANCH_LT), NaN
 * follows {@code default_left}, each leaf adds its value to its tree's class.
 */
final class XgboostTreeEnsemble {
    private XgboostTreeEnsemble() {
    }

    /** The summed margins [N, targets] of all trees plus {@code base}, from float features {@code x}. */
    static String regressor(OnnxGraph graph, XgboostModelJson model, String x, int targets, float[] base) {
        TreeEnsembleBuilder builder = new TreeEnsembleBuilder();
        for (int t = 0; t < model.trees().size(); t++) {
            XgboostModelJson.Tree tree = model.trees().get(t);
            for (int node = 0; node < tree.left().length; node++) {
                if (tree.isLeaf(node)) {
                    builder.leaf(t, node, model.treeClasses()[t], tree.condition()[node]);
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
        return builder.build(graph, x, targets, baseValues, TreeEnsembleBuilder.Precision.FLOAT);
    }
}
