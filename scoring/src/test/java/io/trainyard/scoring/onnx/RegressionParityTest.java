package io.trainyard.scoring.onnx;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.pipeline.DenseVectorizer;
import io.trainyard.features.pipeline.FeaturePipeline;
import io.trainyard.features.testing.SparkSessionExtension;
import io.trainyard.serving.bundle.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.DecisionTreeRegressor;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.GeneralizedLinearRegression;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regression parity on the demand sample (Chicago 'L' daily ridership at Clark/Lake, in thousands,
 * from other stations' counts and the weather): trained on ~2,000 days, compared on all 5,698.
 * Tolerance on |spark - onnx| / max(1, |spark|): 1e-6 for Spark's regressors (double), 1e-5 for
 * XGBoost (float32).
 */
class RegressionParityTest {
    private static List<String> inputs;
    private static Dataset<Row> rows;
    private static Dataset<Row> train;

    @BeforeAll
    static void load() {
        SparkSession spark = SparkSessionExtension.session();
        Dataset<Row> raw = spark.read().option("header", "true").option("inferSchema", "true")
                .csv(SparkSessionExtension.repoFile("data/samples/chicago_ridership.csv").toString());
        inputs = Arrays.stream(raw.columns()).filter(c -> !c.equals("ridership") && !c.equals("date"))
                .limit(30).toList();
        List<Column> typed = new ArrayList<>(inputs.stream().map(c -> col(c).cast("double").as(c)).toList());
        typed.add(col("ridership").cast("double").as(DatasetSchema.LABEL));
        rows = raw.select(typed.toArray(new Column[0])).coalesce(1).cache();
        train = rows.sample(false, 0.35, 11L).cache();
    }

    private static <P extends Predictor<?, ?, ?>> P wired(P predictor) {
        predictor.set(predictor.featuresCol(), FeaturePipeline.FEATURES);
        predictor.set(predictor.labelCol(), DatasetSchema.LABEL);
        predictor.set(predictor.predictionCol(), "prediction");
        return predictor;
    }

    private static PipelineModel fit(PipelineStage... model) {
        List<PipelineStage> stages = new ArrayList<>();
        stages.add(new VectorAssembler().setInputCols(inputs.toArray(new String[0]))
                .setOutputCol(FeaturePipeline.FEATURES));
        stages.addAll(List.of(model));
        return new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(train);
    }

    private static ParityReport parity(PipelineModel model) {
        List<Signature.Input> signatureInputs = inputs.stream()
                .map(c -> new Signature.Input(c, "double", Signature.ROLE_NUMERIC, null)).toList();
        Signature signature = new Signature(signatureInputs, "ridership", null, null, "error", List.of("prediction"),
                Signature.TASK_REGRESSION, List.of(), null);
        return TestModels.parity("demand", model, signature, rows);
    }

    private static void assertParity(ParityReport report, double tolerance) {
        assertThat(report.rows()).isEqualTo(5698);
        assertThat(report.tolerance()).isEqualTo(tolerance);
        assertThat(report.maxAbsDiff().get("prediction_relative")).isLessThanOrEqualTo(tolerance);
        assertThat(report.passed()).isTrue();
    }

    @Test
    void linearRegressionMatchesSparkWithin1e6() {
        assertParity(parity(fit(wired(new LinearRegression().setRegParam(0.1)))), 1e-6);
    }

    @Test
    void glrWithEachLinkMatchesSparkWithin1e6() {
        for (String[] familyLink : new String[][] {{"gaussian", "identity"}, {"poisson", "log"},
                {"gamma", "inverse"}, {"poisson", "sqrt"}, {"tweedie", "power"}}) {
            GeneralizedLinearRegression glr = wired(new GeneralizedLinearRegression().setFamily(familyLink[0])
                    .setMaxIter(10).setRegParam(0.01));
            if (familyLink[0].equals("tweedie")) {
                glr.setVariancePower(1.5).setLinkPower(0.5);
            } else {
                glr.setLink(familyLink[1]);
            }
            assertParity(parity(fit(glr)), 1e-6);
        }
    }

    @Test
    void sparkTreeRegressorsMatchSparkWithin1e6() {
        assertParity(parity(fit(wired(new DecisionTreeRegressor().setMaxDepth(6)))), 1e-6);
        assertParity(parity(fit(wired(new RandomForestRegressor().setNumTrees(20).setMaxDepth(6).setSeed(7L)))),
                1e-6);
        assertParity(parity(fit(wired(new GBTRegressor().setMaxIter(15).setMaxDepth(4).setSeed(7L)))), 1e-6);
    }

    @Test
    void xgboostRegressorsMatchSparkWithin1e5() {
        for (String objective : new String[] {"reg:squarederror", "count:poisson"}) {
            XGBoostRegressor xgboost = TestModels.configure(new XGBoostRegressor(), Map.of(
                    "featuresCol", FeaturePipeline.FEATURES, "labelCol", DatasetSchema.LABEL,
                    "predictionCol", "prediction", "numRound", 40, "max_depth", 5, "numWorkers", 1, "nthread", 1,
                    "seed", 7L, "objective", objective));
            assertParity(parity(fit(new DenseVectorizer(), xgboost)), 1e-5);
        }
    }
}
