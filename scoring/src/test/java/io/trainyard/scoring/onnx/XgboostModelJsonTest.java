package io.trainyard.scoring.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class XgboostModelJsonTest {
    private static final String MODEL = """
            {"learner": {
              "gradient_booster": {"name": "gbtree", "model": {
                "tree_info": [0],
                "trees": [{"left_children": [1, -1, -1], "right_children": [2, -1, -1],
                           "split_indices": [3, 0, 0], "split_conditions": [0.25, -0.5, 0.75],
                           "default_left": [1, 0, 0], "split_type": [0, 0, 0],
                           "tree_param": {"size_leaf_vector": "1"}}]}},
              "learner_model_param": {"base_score": "[1.4E-1]", "num_class": "0", "num_feature": "5"},
              "objective": {"name": "binary:logistic"}}}
            """;

    @Test
    void readsTreesAndTheInterceptAsXgboostStoresThem() {
        XgboostModelJson model = XgboostModelJson.parse(MODEL.getBytes(StandardCharsets.UTF_8));

        assertThat(model.objective()).isEqualTo("binary:logistic");
        assertThat(model.features()).isEqualTo(5);
        assertThat(model.baseScore()).containsExactly(0.14f);
        XgboostModelJson.Tree tree = model.trees().get(0);
        assertThat(tree.isLeaf(0)).isFalse();
        assertThat(tree.isLeaf(1)).isTrue();
        assertThat(tree.splitFeature()[0]).isEqualTo(3);
        assertThat(tree.condition()).containsExactly(0.25f, -0.5f, 0.75f);
        assertThat(tree.defaultLeft()).containsExactly(true, false, false);
        assertThat(tree.isCategorical(0)).isFalse();
    }

    @Test
    void readsTheCategoriesOfASetSplit() {
        XgboostModelJson.Tree tree = XgboostModelJson.parse(MODEL.replace("\"split_type\": [0, 0, 0]",
                "\"split_type\": [1, 0, 0], \"categories_nodes\": [0], \"categories_segments\": [0],"
                        + " \"categories_sizes\": [3], \"categories\": [1, 4, 7]")
                .getBytes(StandardCharsets.UTF_8)).trees().get(0);
        assertThat(tree.isCategorical(0)).isTrue();
        assertThat(tree.categories()[0]).containsExactly(1, 4, 7);
        assertThat(tree.isCategorical(1)).isFalse();
    }

    @Test
    void readsScalarAndVectorIntercepts() {
        assertThat(XgboostModelJson.baseScore("5E-1")).containsExactly(0.5f);
        assertThat(XgboostModelJson.baseScore("[1E-1,2E-1,7E-1]")).containsExactly(0.1f, 0.2f, 0.7f);
    }

    @Test
    void refusesASetSplitWithoutCategoriesAndDart() {
        assertThatThrownBy(() -> XgboostModelJson.parse(MODEL.replace("\"split_type\": [0, 0, 0]",
                "\"split_type\": [1, 0, 0]").getBytes(StandardCharsets.UTF_8)))
                .hasMessage("ONNX export: XGBoost node 0 splits on categories but the model JSON lists none for it");
        assertThatThrownBy(() -> XgboostModelJson.parse(MODEL.replace("\"gbtree\"", "\"dart\"")
                .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("booster 'dart' is not supported");
    }
}
