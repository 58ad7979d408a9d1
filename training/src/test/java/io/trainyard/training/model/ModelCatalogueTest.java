package io.trainyard.training.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.common.TrainyardException;
import io.trainyard.features.spec.Task;
import io.trainyard.training.spec.ModelSpec;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.junit.jupiter.api.Test;

class ModelCatalogueTest {
    private static final ModelFamily.FamilyContext CONTEXT = new ModelFamily.FamilyContext(7L, 2);

    @Test
    void expandsTheGridIntoOneCandidatePerPoint() {
        List<Candidate> candidates = ModelCatalogue.candidates(List.of(
                new ModelSpec("logistic-regression", Map.of("max-iter", 20),
                        Map.of("reg-param", List.of(0.0, 0.1), "elastic-net-param", List.of(0, 0.5))),
                new ModelSpec("xgboost", Map.of("num-round", 10), Map.of("max-depth", List.of(3, 5)))), CONTEXT);

        assertThat(candidates).hasSize(6);
        LogisticRegression lr = (LogisticRegression) candidates.get(1).estimator();
        assertThat(lr.getMaxIter()).isEqualTo(20);
        assertThat(lr.getRegParam() + lr.getElasticNetParam()).isIn(0.5, 0.1);
        XGBoostClassifier xgb = (XGBoostClassifier) candidates.get(5).estimator();
        assertThat(xgb.getOrDefault(xgb.getParam("max_depth"))).isEqualTo(5);
        assertThat(xgb.getOrDefault(xgb.getParam("numRound"))).isEqualTo(10);
        assertThat(xgb.getOrDefault(xgb.getParam("numWorkers"))).isEqualTo(2);
        assertThat(candidates.get(5).params()).containsEntry("max-depth", 5).containsEntry("num-round", 10);
        assertThat(xgb.getOrDefault(xgb.getParam("missing"))).isEqualTo(0.0f);
        assertThat(candidates.get(5).modelStages()).hasSize(2)
                .first().isInstanceOf(io.trainyard.features.pipeline.DenseVectorizer.class);
        // cross-validation caches a fold's features only for learners that read them more than once
        assertThat(candidates.get(5).kind().readsInputOnce()).isTrue();
        assertThat(candidates.get(1).kind().readsInputOnce()).isFalse();
    }

    @Test
    void anUnknownParamIsNamedWithTheNearestOne() {
        assertThatThrownBy(() -> ModelCatalogue.candidates(List.of(
                new ModelSpec("logistic-regression", Map.of("max-iterations", 5), null)), CONTEXT))
                .isInstanceOf(TrainyardException.class)
                .hasMessageStartingWith("models[0].params.max-iterations: unknown parameter for WeightedLogisticRegression; "
                        + "did you mean 'max-iter'? Known: ");
    }

    @Test
    void aValueTheParamRejectsIsRefusedWithItsDoc() {
        assertThatThrownBy(() -> ModelCatalogue.candidates(List.of(
                new ModelSpec("xgboost", null, Map.of("max-depth", List.of(3, -1)))), CONTEXT))
                .hasMessageStartingWith("models[0].grid.max-depth: value -1 is not valid for max_depth (");
        assertThatThrownBy(() -> ModelCatalogue.candidates(List.of(
                new ModelSpec("logistic-regression", Map.of("max-iter", "many"), null)), CONTEXT))
                .hasMessage("models[0].params.max-iter: value many is not valid for maxIter (expected an integer)");
    }

    @Test
    void anUnknownFamilyListsTheKnownOnes() {
        assertThatThrownBy(() -> ModelCatalogue.candidates(List.of(new ModelSpec("xgbost", null, null)), CONTEXT))
                .hasMessage("models[0].family: unknown model family 'xgbost'; did you mean 'xgboost'? "
                        + "Families: logistic-regression, linear-regression, generalized-linear-regression, decision-tree,"
                        + " random-forest, gbt, mlp, xgboost, als")
                .satisfies(e -> assertThat(((TrainyardException) e).exitCode()).isEqualTo(2));
    }

    @Test
    void columnsAreNotConfigurable() {
        assertThatThrownBy(() -> ModelCatalogue.candidates(List.of(
                new ModelSpec("logistic-regression", Map.of("label-col", "x"), null)), CONTEXT))
                .hasMessageStartingWith("models[0].params.label-col: unknown parameter");
    }

    @Test
    void aFamilyThatCannotLearnTheTaskIsRefusedWithTheOnesThatCan() {
        ModelFamily.FamilyContext multiclass = new ModelFamily.FamilyContext(7L, 2, Task.MULTICLASS);
        assertThatThrownBy(() -> ModelCatalogue.candidates(List.of(new ModelSpec("gbt", null, null)), multiclass))
                .hasMessage("models[0].family: gbt cannot learn task multiclass (it learns [binary, regression]);"
                        + " families for multiclass: logistic-regression, decision-tree, random-forest, mlp, xgboost");
    }

    @Test
    void everyTaskGetsItsOwnEstimator() {
        ModelFamily.FamilyContext regression = new ModelFamily.FamilyContext(7L, 2, Task.REGRESSION);
        List<String> regressors = ModelCatalogue.families(Task.REGRESSION).stream()
                .map(f -> ModelCatalogue.candidates(List.of(new ModelSpec(f, null, null)), regression).get(0)
                        .estimator().getClass().getSimpleName()).toList();
        assertThat(regressors).containsExactly("LinearRegression", "GeneralizedLinearRegression",
                "DecisionTreeRegressor", "RandomForestRegressor", "GBTRegressor", "XGBoostRegressor");
        Candidate mlp = ModelCatalogue.candidates(List.of(new ModelSpec("mlp", null,
                Map.of("hidden-layers", List.of(List.of(16, 8))))), new ModelFamily.FamilyContext(7L, 2, Task.MULTICLASS))
                .get(0);
        assertThat(((SizedPerceptron) mlp.estimator()).getOrDefault(((SizedPerceptron) mlp.estimator()).hiddenLayers()))
                .containsExactly(16, 8);
        Candidate softprob = ModelCatalogue.candidates(List.of(new ModelSpec("xgboost", null, null)),
                new ModelFamily.FamilyContext(7L, 2, Task.MULTICLASS)).get(0);
        assertThat(softprob.estimator().getOrDefault(softprob.estimator().getParam("objective")))
                .isEqualTo("multi:softprob");
    }
}
