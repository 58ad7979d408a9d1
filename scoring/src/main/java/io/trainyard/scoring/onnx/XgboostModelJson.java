package io.trainyard.scoring.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.common.TrainyardException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of XGBoost's JSON model ({@code Booster.toByteArray("json")}) an ONNX tree ensemble
 * needs: the objective, classes, features, the intercept, and each tree's node arrays. Leaf values
 * are the {@code split_conditions} of leaf nodes (a leaf has {@code left_children == -1}).
 *
 * @param objective e.g. {@code binary:logistic}
 * @param classes number of classes; 0 or 1 for binary and regression
 * @param features number of features
 * @param baseScore the intercept as stored (probability space for {@code binary:logistic}), one per target
 * @param trees the trees in boosting order
 * @param treeClasses the class (output index) of each tree
 */
record XgboostModelJson(String objective, int classes, int features, float[] baseScore, List<Tree> trees,
                        int[] treeClasses) {
    /**
     * One tree's node arrays, indexed by node id. {@code categories[node]} is null for a numeric split
     * (go left when x &lt; condition); for a categorical split, the categories that go right (XGBoost's
     * rule: a category in the set goes right; any other value, unseen ones included, goes left).
     */
    record Tree(int[] left, int[] right, int[] splitFeature, float[] condition, boolean[] defaultLeft,
                int[][] categories) {
        boolean isLeaf(int node) {
            return left[node] == -1;
        }

        boolean isCategorical(int node) {
            return categories[node] != null;
        }
    }

    static XgboostModelJson parse(byte[] json) {
        JsonNode learner;
        try {
            learner = new ObjectMapper().readTree(json).path("learner");
        } catch (IOException e) {
            throw new UncheckedIOException("XGBoost model JSON is unreadable", e);
        }
        JsonNode booster = learner.path("gradient_booster");
        String boosterName = booster.path("name").asText();
        if (!"gbtree".equals(boosterName)) {
            throw TrainyardException.usage("ONNX export: XGBoost booster '" + boosterName
                    + "' is not supported; export supports booster=gbtree");
        }
        JsonNode params = learner.path("learner_model_param");
        JsonNode model = booster.path("model");
        List<Tree> trees = new ArrayList<>();
        for (JsonNode tree : model.path("trees")) {
            trees.add(tree(tree));
        }
        int[] treeClasses = new int[trees.size()];
        for (int t = 0; t < treeClasses.length; t++) {
            treeClasses[t] = model.path("tree_info").path(t).asInt();
        }
        return new XgboostModelJson(learner.path("objective").path("name").asText(),
                Integer.parseInt(params.path("num_class").asText("0")),
                Integer.parseInt(params.path("num_feature").asText("0")),
                baseScore(params.path("base_score").asText()), trees, treeClasses);
    }

    /** {@code "5E-1"} (XGBoost 1.x/2.x) or {@code "[5E-1]"} / {@code "[a,b,c]"} (vector intercepts, 3.x). */
    static float[] baseScore(String text) {
        String trimmed = text.trim();
        if (trimmed.startsWith("[")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1);
        }
        String[] parts = trimmed.split(",");
        float[] values = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Float.parseFloat(parts[i].trim());
        }
        return values;
    }

    private static Tree tree(JsonNode tree) {
        int leafVector = Integer.parseInt(tree.path("tree_param").path("size_leaf_vector").asText("1"));
        if (leafVector > 1) {
            throw TrainyardException.usage("ONNX export: XGBoost vector-leaf (multi-target) trees are not supported;"
                    + " train with multi_strategy=one_output_per_tree");
        }
        int[] left = ints(tree.path("left_children"));
        boolean[] defaultLeft = new boolean[left.length];
        JsonNode defaults = tree.path("default_left");
        for (int i = 0; i < left.length; i++) {
            JsonNode value = defaults.path(i);
            defaultLeft[i] = value.isBoolean() ? value.asBoolean() : value.asInt() != 0;
        }
        JsonNode conditions = tree.path("split_conditions");
        float[] condition = new float[left.length];
        for (int i = 0; i < left.length; i++) {
            condition[i] = (float) conditions.path(i).asDouble();
        }
        return new Tree(left, ints(tree.path("right_children")), ints(tree.path("split_indices")), condition,
                defaultLeft, categories(tree, left.length));
    }

    /** Each categorical node's set: {@code categories[segment .. segment + size)} of its entry in {@code categories_nodes}. */
    private static int[][] categories(JsonNode tree, int nodes) {
        int[][] sets = new int[nodes][];
        int[] types = ints(tree.path("split_type"));
        int[] at = ints(tree.path("categories_nodes"));
        int[] segments = ints(tree.path("categories_segments"));
        int[] sizes = ints(tree.path("categories_sizes"));
        int[] all = ints(tree.path("categories"));
        for (int i = 0; i < at.length; i++) {
            sets[at[i]] = java.util.Arrays.copyOfRange(all, segments[i], segments[i] + sizes[i]);
        }
        for (int node = 0; node < Math.min(types.length, nodes); node++) {
            if (types[node] != 0 && sets[node] == null) {
                throw TrainyardException.internal("ONNX export: XGBoost node " + node
                        + " splits on categories but the model JSON lists none for it", null);
            }
        }
        return sets;
    }

    private static int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.path(i).asInt();
        }
        return values;
    }
}
