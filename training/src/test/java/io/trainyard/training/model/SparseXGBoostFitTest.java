package io.trainyard.training.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.features.pipeline.DenseVectorizer;
import io.trainyard.features.pipeline.FeaturePipeline;
import io.trainyard.features.pipeline.FittedPipelines;
import io.trainyard.features.pipeline.XGBoostVectors;
import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.testing.RowsAlike;
import io.trainyard.features.testing.SparkSessionExtension;
import io.trainyard.training.metrics.BinaryMetrics;
import io.trainyard.training.metrics.BinaryScores;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import ml.dmlc.xgboost4j.LabeledPoint;
import ml.dmlc.xgboost4j.scala.spark.ColumnIndices;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressionModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import scala.Option;

@ExtendWith(SparkSessionExtension.class)
class SparseXGBoostFitTest {
    private static final int SIZE = 61;

    private final SparkSession spark;

    SparseXGBoostFitTest(SparkSession spark) {
        this.spark = spark;
    }

    /**
     * 3,000 seeded rows as VectorAssembler stores them: three numbers (some zero, some NaN), then two
     * one-hot groups of 20 and 38 slots; each row sparse or dense, whichever is smaller. The label
     * depends on a number and on both groups.
     */
    private Dataset<Row> oneHotRows() {
        Random random = new Random(11);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            double[] values = new double[SIZE];
            values[0] = random.nextInt(4) == 0 ? 0.0 : random.nextGaussian();
            values[1] = random.nextInt(10) == 0 ? Double.NaN : random.nextInt(5);
            values[2] = random.nextDouble() * 100;
            int first = random.nextInt(20);
            int second = random.nextInt(38);
            values[3 + first] = 1.0;
            values[23 + second] = 1.0;
            double margin = values[0] + (first % 3 == 0 ? 1.5 : -0.5) + (second < 10 ? 1.0 : -1.0) + random.nextGaussian();
            rows.add(RowFactory.create(margin > 0 ? 1.0f : 0.0f, (float) (values[2] / 10 + margin),
                    Vectors.dense(values).compressed()));
        }
        StructType schema = new StructType().add("label", DataTypes.FloatType).add("target", DataTypes.FloatType)
                .add(FeaturePipeline.FEATURES, SQLDataTypes.VectorType());
        return spark.createDataFrame(rows, schema).repartition(2);
    }

    @Test
    void theRowsAreSparseAsStoredAndDenseRowsStayDense() {
        Dataset<Row> rows = oneHotRows().cache();
        ColumnIndices columns = new ColumnIndices(0, Option.apply(2), Option.empty(), Option.empty(), Option.empty(),
                Option.empty());
        assertThat(XGBoostVectors.applies(0.0f, columns, rows.schema())).isTrue();
        List<LabeledPoint> points = XGBoostVectors.points(rows, columns).toJavaRDD().collect();
        List<Row> source = rows.collectAsList();
        int sparse = 0;
        for (int i = 0; i < points.size(); i++) {
            LabeledPoint point = points.get(i);
            Vector vector = source.get(i).getAs(2);
            assertThat(point.size()).isEqualTo(SIZE);
            assertThat(point.label()).isEqualTo(source.get(i).getFloat(0));
            if (vector instanceof org.apache.spark.ml.linalg.SparseVector stored) {
                sparse++;
                assertThat(point.indices()).containsExactly(stored.indices());
                assertThat(point.values()).hasSize(stored.numActives());
            } else {
                assertThat(point.indices()).isNull();
                assertThat(point.values()).hasSize(SIZE);
            }
        }
        assertThat(sparse).isGreaterThan(2000);
        rows.unpersist();
    }

    @Test
    void onlyZerosAsMissingAndOneVectorColumnMakeStoredEntriesTheSameMatrix() {
        ColumnIndices vector = new ColumnIndices(0, Option.apply(2), Option.empty(), Option.empty(), Option.empty(),
                Option.empty());
        StructType vectors = oneHotRows().schema();
        StructType arrays = new StructType().add("label", DataTypes.FloatType).add("target", DataTypes.FloatType)
                .add(FeaturePipeline.FEATURES, DataTypes.createArrayType(DataTypes.FloatType));
        assertThat(XGBoostVectors.applies(0.0f, vector, vectors)).isTrue();
        assertThat(XGBoostVectors.applies(Float.NaN, vector, vectors)).isFalse();
        assertThat(XGBoostVectors.applies(-1.0f, vector, vectors)).isFalse();
        // an array column, as XGBoost4J-Spark also makes of separate feature columns
        assertThat(XGBoostVectors.applies(0.0f, vector, arrays)).isFalse();
    }

    @Test
    void withNaNAsMissingTheCategoricalFitIsXGBoostsOwn() throws Exception {
        Dataset<Row> rows = oneHotRows().cache();
        String dense = booster(fitted(new XGBoostClassifier(), "label", "binary:logistic", Float.NaN, rows, false));
        String through = booster(fitted(new XGBoostClassifier(), "label", "binary:logistic", Float.NaN, rows, true));
        assertThat(through).isEqualTo(dense);
        rows.unpersist();
    }

    @Test
    void theBinaryClassifierLearnsTheSameBoosterAsFromDenseRows() throws Exception {
        Dataset<Row> rows = oneHotRows().cache();
        XGBoostClassificationModel denseModel = (XGBoostClassificationModel) fitted(new XGBoostClassifier(), "label",
                "binary:logistic", 0.0f, rows, false);
        XGBoostClassificationModel sparse = (XGBoostClassificationModel) fitted(new XGBoostClassifier(), "label",
                "binary:logistic", 0.0f, rows, true);
        assertThat(booster(sparse)).isEqualTo(booster(denseModel));
        assertThat(sparse.numClasses()).isEqualTo(2);
        assertThat(sparse.parent()).isNotNull();
        assertThat(sparse.getFeaturesCol()).isEqualTo(FeaturePipeline.FEATURES);
        // XGBoost4J-Spark 3.4 predicts from dense vectors only (dmlc/xgboost#12404), as trainyard's pipelines do
        Dataset<Row> dense = new DenseVectorizer().transform(rows);
        List<Row> byDense = denseModel.transform(dense).select("probability").collectAsList();
        List<Row> bySparse = sparse.transform(dense).select("probability").collectAsList();
        RowsAlike.assertRowsAlike(bySparse, byDense, "probabilities from the sparse fit");
        rows.unpersist();
    }

    @Test
    void theMultiClassClassifierLearnsTheSameBoosterAsFromDenseRows() throws Exception {
        Model<?> sparse = assertSameBooster(new XGBoostClassifier(), "classes", "multi:softprob");
        assertThat(((XGBoostClassificationModel) sparse).numClasses()).isEqualTo(3);
    }

    @Test
    void theRegressorLearnsTheSameBoosterAsFromDenseRows() throws Exception {
        assertSameBooster(new XGBoostRegressor(), "target", "reg:squarederror");
    }

    /** Fits {@code prototype} with zeros as missing both ways, requires the same booster, returns the sparse fit. */
    private Model<?> assertSameBooster(Estimator<?> prototype, String label, String objective) throws Exception {
        Dataset<Row> rows = withClasses(oneHotRows()).cache();
        Model<?> dense = fitted(prototype, label, objective, 0.0f, rows, false);
        Model<?> sparse = fitted(prototype, label, objective, 0.0f, rows, true);
        assertThat(booster(sparse)).isEqualTo(booster(dense));
        rows.unpersist();
        return sparse;
    }

    /** Adds {@code classes}: 0, 1 or 2 from the numeric target. */
    private static Dataset<Row> withClasses(Dataset<Row> rows) {
        return rows.withColumn("classes", org.apache.spark.sql.functions.pmod(org.apache.spark.sql.functions.floor(
                org.apache.spark.sql.functions.col("target")), org.apache.spark.sql.functions.lit(3)).cast("float"));
    }

    @Test
    void aFittedPipelinePredictsTheSameRowsFromStoredEntriesAsFromDenseVectors() throws Exception {
        Dataset<Row> rows = withClasses(oneHotRows()).cache();
        List<Model<?>> models = List.of(
                fitted(new XGBoostClassifier(), "label", "binary:logistic", 0.0f, rows, true),
                fitted(new XGBoostClassifier(), "classes", "multi:softprob", 0.0f, rows, true),
                fitted(new XGBoostRegressor(), "target", "reg:squarederror", 0.0f, rows, true),
                fitted(new XGBoostClassifier(), "label", "binary:logistic", Float.NaN, rows, true));
        for (Model<?> model : models) {
            // several batches per partition
            model.set(model.getParam("inferBatchSize"), 256);
            PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {new DenseVectorizer(), model})
                    .fit(rows);
            Dataset<Row> stock = pipeline.transform(rows);
            Dataset<Row> stored = FittedPipelines.transform(pipeline, rows);
            assertThat(stored.schema()).isEqualTo(stock.schema());
            // the feature vectors themselves: dense on one side, as stored on the other (and NaN is never equal)
            RowsAlike.assertRowsAlike(stored.drop(FeaturePipeline.FEATURES).collectAsList(),
                    stock.drop(FeaturePipeline.FEATURES).collectAsList(), model.getClass().getSimpleName());
        }
        rows.unpersist();
    }

    /**
     * The (label, probability, prediction) rows binary metrics read come straight from the booster, the
     * same numbers as the pipeline's own transform gives, and the same scores; other tasks take the
     * whole transform.
     */
    @Test
    void binaryMetricsReadTheSameScoresStraightFromTheBooster() throws Exception {
        Dataset<Row> rows = withClasses(oneHotRows()).cache();
        Model<?> binary = fitted(new XGBoostClassifier(), "label", "binary:logistic", 0.0f, rows, true);
        binary.set(binary.getParam("inferBatchSize"), 256);
        PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {new DenseVectorizer(), binary}).fit(rows);
        Dataset<Row> labelled = rows.withColumn(DatasetSchema.LABEL, org.apache.spark.sql.functions.col("label")
                .cast("double"));
        Dataset<Row> fast = FittedPipelines.binaryScores(pipeline, labelled, DatasetSchema.LABEL, BinaryMetrics.SCORE,
                ModelFamily.PREDICTION);
        Dataset<Row> stock = BinaryMetrics.scored(pipeline.transform(labelled));
        assertThat(fast.schema()).isEqualTo(stock.schema());
        RowsAlike.assertRowsAlike(fast.collectAsList(), stock.collectAsList(), "binary scores");
        BinaryScores byBooster = BinaryMetrics.evaluateScored(fast);
        BinaryScores byTransform = BinaryMetrics.evaluate(pipeline.transform(labelled));
        assertThat(byBooster.confusion()).isEqualTo(byTransform.confusion());
        byTransform.asMap().forEach((metric, value) -> assertThat(byBooster.asMap().get(metric)).as(metric)
                .isCloseTo(value, org.assertj.core.api.Assertions.withinPercentage(1e-10)));
        Model<?> multi = fitted(new XGBoostClassifier(), "classes", "multi:softprob", 0.0f, rows, true);
        PipelineModel multiPipeline = new Pipeline().setStages(new PipelineStage[] {new DenseVectorizer(), multi})
                .fit(rows);
        assertThat(FittedPipelines.binaryScores(multiPipeline, labelled, DatasetSchema.LABEL, BinaryMetrics.SCORE,
                ModelFamily.PREDICTION)).isNull();
        rows.unpersist();
    }

    /** XGBoost4J-Spark's own fit, or trainyard's sparse one. */
    private static Model<?> fitted(Estimator<?> prototype, String label, String objective, float missing,
                                   Dataset<Row> rows, boolean sparse) {
        Estimator<?> estimator = configured(prototype, label, objective, missing);
        return sparse ? SparseXGBoostFit.fit(estimator, rows) : (Model<?>) estimator.fit(rows);
    }

    private static Estimator<?> configured(Estimator<?> estimator, String label, String objective, float missing) {
        ParamMap params = new ParamMap()
                .put(estimator.getParam("labelCol"), label)
                .put(estimator.getParam("featuresCol"), FeaturePipeline.FEATURES)
                .put(estimator.getParam("objective"), objective)
                .put(estimator.getParam("numRound"), 20)
                .put(estimator.getParam("max_depth"), 4)
                .put(estimator.getParam("numWorkers"), 2)
                .put(estimator.getParam("nthread"), 1)
                .put(estimator.getParam("tree_method"), "hist")
                .put(estimator.getParam("missing"), missing)
                .put(estimator.getParam("seed"), 5L);
        return (Estimator<?>) estimator.copy(params);
    }

    /**
     * The booster as XGBoost saves it (trees, parameters, base score), without the learner's attributes:
     * XGBoost4J-Spark's fit watches the training rows, which records {@code best_iteration} and
     * {@code best_score} there; trainyard's does not ({@link UnwatchedTraining}).
     */
    private static String booster(Model<?> model) throws Exception {
        byte[] json = model instanceof XGBoostClassificationModel c ? c.nativeBooster().toByteArray("json")
                : ((XGBoostRegressionModel) model).nativeBooster().toByteArray("json");
        com.fasterxml.jackson.databind.JsonNode tree = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(new String(json, StandardCharsets.UTF_8));
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("learner")).remove("attributes");
        return tree.toString();
    }
}
