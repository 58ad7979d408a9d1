package io.trainyard.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.common.TrainyardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final String MINIMAL = """
            name: churn
            data: {path: data.csv}
            label: {column: churn, positive: "yes"}
            cv:
              folds: 3
            models:
              - family: logistic-regression
                grid: {reg-param: [0.1]}
              - family: xgboost
                params: {num-round: 10}
            """;

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("conf.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static Path churnYaml() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("conf/churn.yaml"))) {
                return p.resolve("conf/churn.yaml");
            }
        }
        throw new IllegalStateException("conf/churn.yaml not found");
    }

    @Test
    void theShippedChurnConfigLoadsWithDefaultsFilledIn() {
        ConfigLoader.Loaded loaded = ConfigLoader.load(churnYaml(), List.of());
        TrainConfig config = loaded.config();
        assertThat(config.name()).isEqualTo("churn");
        assertThat(config.label().positive()).isEqualTo("yes");
        assertThat(config.idColumns()).containsExactly("customer_id");
        assertThat(config.models()).hasSize(2);
        assertThat(config.spark().master()).isEqualTo("local[*]");
        assertThat(loaded.resolvedYaml()).contains("holdout-fraction: 0.2").contains("id-columns:");
        assertThat(loaded.hash()).hasSize(64).isEqualTo(ConfigLoader.load(churnYaml(), List.of()).hash());
    }

    @Test
    void overridesReachEveryKind() throws IOException {
        TrainConfig config = ConfigLoader.load(write(MINIMAL), List.of("cv.folds=5",
                "models[1].grid.max-depth=[2, 4]", "spark.conf.spark.sql.shuffle.partitions=4",
                "label.positive=yes", "output.dir=/tmp/x", "cv.stratified=false")).config();
        assertThat(config.cv().stratified()).isFalse();
        assertThat(config.cv().folds()).isEqualTo(5);
        assertThat(config.models().get(1).grid()).containsEntry("max-depth", List.of(2, 4));
        assertThat(config.spark().conf()).containsEntry("spark.sql.shuffle.partitions", "4");
        assertThat(config.output().dir()).isEqualTo("/tmp/x");
        assertThat(config.label().positive()).isEqualTo("yes");
    }

    @Test
    void aMissingFileSaysSo() {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), List.of()))
                .isInstanceOf(TrainyardException.class)
                .hasMessageEndingWith("nope.yaml not found; pass an existing file with --config, e.g. --config conf/churn.yaml")
                .satisfies(e -> assertThat(((TrainyardException) e).exitCode()).isEqualTo(2));
    }

    @Test
    void aSyntaxErrorGivesTheLineAndColumn() throws IOException {
        Path file = write("name: churn\ndata: {path: [unclosed\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
                .hasMessageStartingWith(file + ", line 2, column 23: YAML syntax error: while parsing a flow sequence");
    }

    @Test
    void anUnknownKeyIsPlacedAndCorrected() throws IOException {
        Path file = write(MINIMAL.replace("  folds: 3", "  fods: 3"));
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
                .hasMessage(file + ", line 5, column 3: unknown key 'fods' in cv; did you mean 'folds'?"
                        + " Valid keys: folds, metric, parallelism, strategy, stratified, time-column, train-ratio");
    }

    @Test
    void anUnknownTopLevelKeyListsTheValidOnes() throws IOException {
        Path file = write(MINIMAL + "modles: []\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
                .hasMessageContaining("unknown key 'modles'; did you mean 'models'? Valid keys: cv, data, export,"
                        + " feature-sets, features, id-columns, label, models, name, output, promotion, recommendation, spark, split");
    }

    @Test
    void aValueOfTheWrongTypeNamesTheKey() throws IOException {
        Path file = write(MINIMAL.replace("folds: 3", "folds: three"));
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
                .hasMessageContaining(", line 5, column 3: cv.folds expects an integer, found 'three'");
    }

    @Test
    void aValueOutOfRangeSaysWhatIsAllowed() throws IOException {
        Path file = write(MINIMAL.replace("folds: 3", "folds: 1"));
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
                .hasMessageEndingWith("cv: folds must be between 2 and 20, found 1");
    }

    @Test
    void aBadOverrideIsCheckedLikeTheFile() throws IOException {
        Path file = write(MINIMAL);
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of("cv.fold=5")))
                .hasMessage(file + " with --set: unknown key 'fold' in cv; did you mean 'folds'? Valid keys: folds,"
                        + " metric, parallelism, strategy, stratified, time-column, train-ratio");
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of("cv.folds")))
                .hasMessage("--set cv.folds: expected key=value, e.g. --set cv.folds=5");
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of("models[5].family=x")))
                .hasMessage("--set models[5].family=x: there is no list element [5] there");
    }

    @Test
    void categoryIndexesAreRefusedForAModelThatCannotSplitOnThem() throws IOException {
        Path file = write(MINIMAL);
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of("features.categorical-encoding=index")))
                .hasMessageEndingWith("features.categorical-encoding: index gives models category indexes, which only"
                        + " xgboost splits on as categories; models[0] is logistic-regression: use"
                        + " categorical-encoding: one-hot, or xgboost models only");
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of("features.categorical-encoding=ordinal")))
                .hasMessageEndingWith("categorical-encoding must be one-hot or index; found 'ordinal'");
        Path xgboostOnly = write(MINIMAL.replace("  - family: logistic-regression\n    grid: {reg-param: [0.1]}\n", ""));
        assertThat(ConfigLoader.load(xgboostOnly, List.of("features.categorical-encoding=index"))
                .config().features().indexesCategories()).isTrue();
    }

    @Test
    void anEmptyFileIsRefused() throws IOException {
        Path file = write("");
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
                .hasMessageEndingWith("is empty; see conf/churn.yaml for a complete example");
    }

    @Test
    void aBadNameIsRefused() throws IOException {
        Path file = write(MINIMAL.replace("name: churn", "name: Churn Model"));
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
                .hasMessageContaining("name must be lower-case letters, digits, '-' or '_' (e.g. churn), found 'Churn Model'");
    }

    @Test
    void everyShippedUseCaseConfigLoads() {
        Path conf = churnYaml().getParent();
        for (String useCase : List.of("digits", "credit-risk", "demand")) {
            TrainConfig config = ConfigLoader.load(conf.resolve(useCase + ".yaml"), List.of()).config();
            assertThat(config.name()).isEqualTo(useCase);
        }
        TrainConfig demand = ConfigLoader.load(conf.resolve("demand.yaml"), List.of()).config();
        assertThat(demand.dataset().timeColumn()).isEqualTo("date");
        assertThat(demand.features().time().baselineLag()).isEqualTo(14);
        assertThat(ConfigLoader.load(conf.resolve("credit-risk.yaml"), List.of()).config().threshold().goal())
                .isEqualTo(0.5);
    }

    @Test
    void theTaskDefaultsToBinaryAndPicksTheDefaultMetric() throws IOException {
        assertThat(ConfigLoader.load(write(MINIMAL), List.of()).config().task()).isEqualTo("binary");
        TrainConfig regression = ConfigLoader.load(write(MINIMAL), List.of("task=regression")).config();
        assertThat(regression.cv().metric()).isEqualTo("rmse");
    }

    @Test
    void anUnknownTaskOrAMetricOfAnotherTaskIsAConfigError() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(write(MINIMAL.replace("name: churn", "name: churn\ntask: ranking")),
                List.of()))
                .isInstanceOf(TrainyardException.class)
                .hasMessageContaining("task must be one of binary, multiclass, regression, recommendation; found 'ranking'");
        assertThatThrownBy(() -> ConfigLoader.load(write(MINIMAL), List.of("task=multiclass", "cv.metric=auc")))
                .isInstanceOf(TrainyardException.class)
                .hasMessageContaining("metric 'auc' does not apply to task multiclass; use one of log-loss, accuracy,"
                        + " macro-f1, weighted-f1");
    }

    @Test
    void aRecommendationNeedsItsUserAndItemColumnsAndOtherTasksRefuseThem() throws IOException {
        String recommendation = """
                name: rec
                task: recommendation
                data: {path: ratings.csv}
                label: {column: rating}
                models: [{family: als}]
                """;
        assertThatThrownBy(() -> ConfigLoader.load(write(recommendation), List.of()))
                .isInstanceOf(TrainyardException.class)
                .hasMessageContaining("task recommendation needs a recommendation section naming the user and item"
                        + " columns, e.g. recommendation: {user-column: student_id, item-column: lecturer_id}");
        assertThatThrownBy(() -> ConfigLoader.load(write(MINIMAL), List.of("recommendation={user-column: u, item-column: i}")))
                .hasMessageContaining("the recommendation section applies to task recommendation only, found task binary");
        TrainConfig config = ConfigLoader.load(write(recommendation
                + "recommendation: {user-column: u, item-column: i, top-n: 5}\n"), List.of()).config();
        assertThat(config.dataset().recommendation().topN()).isEqualTo(5);
        assertThat(config.cv().metric()).isEqualTo("rmse");
    }
}
