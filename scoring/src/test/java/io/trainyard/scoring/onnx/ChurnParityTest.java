package io.trainyard.scoring.onnx;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import io.trainyard.features.load.DatasetLoader;
import io.trainyard.features.load.LoadedDataset;
import io.trainyard.features.pipeline.DenseVectorizer;
import io.trainyard.features.pipeline.FeaturePipeline;
import io.trainyard.features.spec.DataSource;
import io.trainyard.features.spec.DatasetSpec;
import io.trainyard.features.spec.FeatureColumns;
import io.trainyard.features.spec.LabelSpec;
import io.trainyard.features.testing.SparkSessionExtension;
import io.trainyard.serving.bundle.Signature;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spark vs ONNX Runtime on the churn sample, through the full feature stages (Imputer,
 * multi-column StringIndexer with keep, OneHotEncoder with dropLast and keep, VectorAssembler),
 * scoring held-out rows spiked with unseen categories, missing categories and missing numerics.
 * Tolerance: 1e-6 for the logistic regression (double), 1e-5 for XGBoost (float32); no differing class.
 */
public class ChurnParityTest {
    private static LoadedDataset data;
    private static Dataset<Row> train;
    private static Dataset<Row> heldOut;

    @BeforeAll
    public static synchronized void load() {
        if (data != null) {
            return;
        }
        SparkSession spark = SparkSessionExtension.session();
        String path = SparkSessionExtension.repoFile("data/samples/mlc_churn.csv").toString();
        DatasetSpec spec = new DatasetSpec(DataSource.of(path, null), new LabelSpec("churn", "yes"),
                List.of("customer_id"), new FeatureColumns(
                        List.of("state", "area_code", "international_plan", "voice_mail_plan"), null, null, null));
        data = new DatasetLoader(spark).loadForTraining(spec);
        // one partition by a shuffle, not a coalesce: the loader spreads the file over the cores, and XGBoost's
        // barrier stage (one worker here) refuses a coalesce in its lineage
        Dataset<Row>[] split = data.frame().repartition(1).randomSplit(new double[] {0.8, 0.2}, 42L);
        train = split[0].cache();
        heldOut = spiked(split[1]).cache();
    }

    static io.trainyard.features.load.DatasetSchema dataSchema() {
        return data.schema();
    }

    public static Dataset<Row> heldOut() {
        return heldOut;
    }

    static Dataset<Row> train() {
        return train;
    }

    /** Every 10th row an unseen state, others an unseen area code, a missing plan, missing numerics. */
    static Dataset<Row> spiked(Dataset<Row> rows) {
        return rows
                .withColumn("state", when(col("customer_id").endsWith("3"), lit("ZZ")).otherwise(col("state")))
                .withColumn("area_code", when(col("customer_id").endsWith("1"), lit("area_code_999"))
                        .otherwise(col("area_code")))
                .withColumn("international_plan", when(col("customer_id").endsWith("5"), lit(null).cast("string"))
                        .otherwise(col("international_plan")))
                .withColumn("total_day_minutes", when(col("customer_id").endsWith("7"), lit(null).cast("double"))
                        .otherwise(col("total_day_minutes")))
                .withColumn("account_length", when(col("customer_id").endsWith("9"), lit(Double.NaN))
                        .otherwise(col("account_length")));
    }

    public static PipelineModel fit(PipelineStage... model) {
        List<PipelineStage> stages = new ArrayList<>(FeaturePipeline.stages(data.schema(), "median"));
        stages.addAll(List.of(model));
        return new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(train);
    }

    static ParityReport parity(PipelineModel model) {
        return TestModels.parity("churn", model, TestModels.signature(data.schema()), heldOut);
    }

    /** All held-out rows compared, no differing class, every probability within {@code tolerance}. */
    static void assertParity(ParityReport report, double tolerance) {
        assertThat(report.rows()).isGreaterThan(900);
        assertThat(report.mismatchedPredictions()).isZero();
        assertThat(report.tolerance()).isEqualTo(tolerance);
        assertThat(report.maxAbsDiff().get("probabilities")).isLessThanOrEqualTo(tolerance);
        assertThat(report.passed()).isTrue();
    }

    @Test
    void logisticRegressionPipelineMatchesSparkWithin1e6() {
        assertParity(parity(fit(TestModels.logisticRegression("binomial", 15))), 1e-6);
    }

    @Test
    void xgboostPipelineMatchesSparkWithin1e5() {
        assertParity(parity(fit(new DenseVectorizer(), TestModels.xgboost(30, 4))), 1e-5);
    }

    /** As trainyard trains XGBoost: on Spark's sparse vectors with zeros missing; ONNX turns zeros into NaN. */
    static PipelineModel xgboostZeroMissing() {
        return TestModels.beforeModel(fit(TestModels.xgboostZeroMissing(30, 4)), new DenseVectorizer(), train);
    }

    /**
     * {@code categorical-encoding: index}: the four categorical columns reach XGBoost as one index slot
     * each, marked "c", so it splits on sets of categories; ONNX tests each set as a BRANCH_EQ chain.
     * The held-out rows carry unseen and missing categories (index = the number of known ones).
     */
    @Test
    void xgboostSplittingOnCategoriesMatchesSparkWithin1e5() {
        List<PipelineStage> featureStages = FeaturePipeline.stages(data.schema(), new FeatureColumns(null, null, null,
                "median", null, null, null, FeatureColumns.INDEX));
        PipelineModel features = new Pipeline().setStages(featureStages.toArray(new PipelineStage[0])).fit(train);
        Dataset<Row> rows = features.transform(train);
        org.apache.spark.ml.attribute.Attribute[] slots = org.apache.spark.ml.attribute.AttributeGroup
                .fromStructField(rows.schema().apply(FeaturePipeline.FEATURES)).attributes().get();
        String[] types = java.util.Arrays.stream(slots)
                .map(a -> a instanceof org.apache.spark.ml.attribute.NominalAttribute ? "c" : "q")
                .toArray(String[]::new);
        assertThat(types).hasSize(15 + 4).filteredOn("c"::equals).hasSize(4);
        ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier xgboost = TestModels.xgboost(30, 4);
        xgboost.set(xgboost.getParam("feature_types"), types);
        xgboost.set(xgboost.getParam("missing"), Float.NaN);
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {features, xgboost}).fit(train);
        PipelineModel model = TestModels.beforeModel(fitted, new DenseVectorizer(), train);

        ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel booster =
                (ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel) model.stages()[model.stages().length - 1];
        XgboostModelJson json = XgboostInputs.json(booster);
        long categorical = json.trees().stream().mapToLong(tree -> java.util.stream.IntStream
                .range(0, tree.left().length).filter(n -> !tree.isLeaf(n) && tree.isCategorical(n)).count()).sum();
        assertThat(categorical).as("splits on category sets").isGreaterThan(10);
        assertParity(parity(model), 1e-5);
    }

    @Test
    void xgboostTrainedWithZerosMissingMatchesSparkWithin1e5() {
        PipelineModel model = xgboostZeroMissing();
        assertThat(model.stages()[model.stages().length - 2]).isInstanceOf(DenseVectorizer.class);
        assertParity(parity(model), 1e-5);
    }

    @Test
    void graphCarriesProvenanceAndTheSignatureInputsByName() {
        PipelineModel model = fit(TestModels.logisticRegression("binomial", 2));
        ModelProto proto = new OnnxExporter().export(model, TestModels.signature(data.schema()),
                new OnnxProvenance("churn", "abc123", "0.1.0"));

        assertThat(proto.getGraph().getInputList()).extracting(i -> i.getName())
                .containsExactlyElementsOf(data.schema().featureColumns());
        assertThat(proto.getGraph().getOutputList()).extracting(o -> o.getName())
                .containsExactly("label", "probabilities");
        assertThat(proto.getMetadataPropsList()).extracting(StringStringEntryProto::getKey, StringStringEntryProto::getValue)
                .contains(org.assertj.core.groups.Tuple.tuple("trainyard.model_name", "churn"),
                        org.assertj.core.groups.Tuple.tuple("trainyard.bundle_id", "abc123"),
                        org.assertj.core.groups.Tuple.tuple("trainyard.version", "0.1.0"));
        assertThat(proto.getMetadataPropsList()).filteredOn(p -> p.getKey().equals("trainyard.stages"))
                .singleElement().extracting(StringStringEntryProto::getValue).asString()
                .startsWith("ImputerModel:").contains("LogisticRegressionModel:");
    }
}
