package io.trainyard.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.trainyard.features.pipeline.DenseVectorizer;
import io.trainyard.features.pipeline.FittedPipelines;
import io.trainyard.features.testing.RowsAlike;
import io.trainyard.features.testing.SparkSessionExtension;
import io.trainyard.scoring.onnx.ChurnParityTest;
import io.trainyard.scoring.onnx.TestModels;
import io.trainyard.serving.bundle.Signature;
import java.util.ArrayList;
import java.util.List;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.DecisionTreeRegressor;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.GeneralizedLinearRegression;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The lean model scores every row as the model trained with all its columns does. */
class SparkPipelineEngineTest {
    private static Dataset<Row> rows;

    @BeforeAll
    static void data() {
        rows = SparkSessionExtension.session().range(600).select(rand(1).as("x"), rand(2).as("y"))
                .withColumn("label", when(col("x").plus(col("y").multiply(0.5)).plus(rand(3).multiply(0.6)).gt(1.0), 1.0)
                        .otherwise(0.0))
                .withColumn("label3", when(col("x").lt(0.33), 0.0).when(col("x").lt(0.66), 1.0).otherwise(2.0))
                .cache();
    }

    @Test
    void binaryModelsPredictAsBeforeWithoutTheirRawPredictions() {
        for (ProbabilisticClassifier<?, ?, ?> classifier : List.of(wired(new LogisticRegression()),
                wired(new GBTClassifier().setMaxIter(10).setSeed(7L)),
                wired(new RandomForestClassifier().setNumTrees(10).setSeed(7L)),
                wired(new DecisionTreeClassifier().setMaxDepth(4)),
                wired(new MultilayerPerceptronClassifier().setLayers(new int[] {2, 4, 2}).setMaxIter(50).setSeed(7L)),
                wired(xgboost("binary:logistic")))) {
            for (Double threshold : new Double[] {null, 0.3}) {
                Signature signature = new Signature(List.of(), "label", "1", "0", "median",
                        List.of("prediction", "probability"), Signature.TASK_BINARY, List.of("0", "1"), threshold);
                assertLeanScoresAlike(fit(classifier), signature, threshold == null);
            }
        }
    }

    @Test
    void multiClassModelsPredictAsBeforeWithoutTheirRawPredictions() {
        Signature signature = new Signature(List.of(), "label3", null, null, "median",
                List.of("prediction", "probability"), Signature.TASK_MULTICLASS, List.of("a", "b", "c"), null);
        assertLeanScoresAlike(fit(wired(new LogisticRegression()).setLabelCol("label3")), signature, true);
        assertLeanScoresAlike(fit(wired(xgboost("multi:softprob")).setLabelCol("label3")), signature, true);
    }

    private static XGBoostClassifier xgboost(String objective) {
        XGBoostClassifier xgboost = new XGBoostClassifier();
        xgboost.set(xgboost.getParam("objective"), objective);
        xgboost.set(xgboost.getParam("numRound"), 20);
        xgboost.set(xgboost.getParam("numWorkers"), 1);
        xgboost.set(xgboost.getParam("nthread"), 1);
        xgboost.set(xgboost.getParam("seed"), 7L);
        return xgboost;
    }

    /** XGBoost as trainyard fits it for one-hot slots: zeros as missing, a dense-vector stage before it. */
    @Test
    void xgboostReadingStoredEntriesPredictsAsBeforeWithoutItsRawPredictions() {
        Dataset<Row> sparse = rows.withColumn("x", when(col("x").lt(0.4), 0.0).otherwise(col("x")))
                .withColumn("y", when(col("y").lt(0.6), 0.0).otherwise(col("y"))).cache();
        for (Double threshold : new Double[] {null, 0.3}) {
            Signature signature = new Signature(List.of(), "label", "1", "0", "median",
                    List.of("prediction", "probability"), Signature.TASK_BINARY, List.of("0", "1"), threshold);
            XGBoostClassifier xgboost = wired(xgboost("binary:logistic"));
            xgboost.set(xgboost.getParam("missing"), 0.0f);
            PipelineModel model = new Pipeline().setStages(new PipelineStage[] {
                new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("features"),
                new DenseVectorizer().setColumn("features"), xgboost}).fit(sparse);
            assertLeanScoresAlike(model, signature, threshold == null, sparse);
        }
        sparse.unpersist();
    }

    private static void assertLeanScoresAlike(PipelineModel model, Signature signature, boolean sparkPredicts) {
        assertLeanScoresAlike(model, signature, sparkPredicts, rows);
    }

    /** The leaned model as the engine runs it ({@code FittedPipelines}) against Spark's transform of the model as trained. */
    private static void assertLeanScoresAlike(PipelineModel model, Signature signature, boolean sparkPredicts,
                                              Dataset<Row> rows) {
        Column[] output = SparkPipelineEngine.predictionColumns(signature).toArray(new Column[0]);
        List<Row> full = model.transform(rows).select(output).collectAsList();
        assertThat(model.transform(rows).columns()).contains("_raw", "prediction");

        SparkPipelineEngine.lean(model, signature);

        Dataset<Row> lean = FittedPipelines.transform(model, rows);
        assertThat(lean.columns()).doesNotContain("_raw").contains("probability");
        assertThat(List.of(lean.columns()).contains("prediction")).isEqualTo(sparkPredicts);
        RowsAlike.assertRowsAlike(lean.select(output).collectAsList(), full,
                model.stages()[model.stages().length - 1].getClass().getSimpleName());
        assertThat(full.stream().map(r -> r.get(0)).distinct().count()).isGreaterThan(1);
    }

    /**
     * Rows with a category (unseen ones and nulls among the scored rows), a missing number and a
     * vector input, through imputation, indexing, one-hot encoding and assembly: the fused tail's
     * scores are Spark's transform's within a few ulps (RowsAlike; labels exactly), for every model family it takes, with and without
     * the bundle's threshold, and for multi-class and regression models.
     */
    @Test
    void fusedTailScoresAsSparksTransform() {
        Dataset<Row> training = categorical(rows, 0);
        Dataset<Row> scored = categorical(rows, 1);
        List<PipelineStage> models = List.of(wired(new LogisticRegression()), wired(new LogisticRegression()).setThreshold(0.7),
                wired(new GBTClassifier().setMaxIter(10).setSeed(7L)),
                wired(new RandomForestClassifier().setNumTrees(10).setSeed(7L)),
                wired(new DecisionTreeClassifier().setMaxDepth(4)),
                wired(new MultilayerPerceptronClassifier().setLayers(new int[] {22, 4, 2}).setMaxIter(50).setSeed(7L)));
        for (PipelineStage classifier : models) {
            for (Double threshold : new Double[] {null, 0.3}) {
                Signature signature = new Signature(List.of(), "label", "1", "0", "median",
                        List.of("prediction", "probability"), Signature.TASK_BINARY, List.of("0", "1"), threshold);
                assertFusedScoresAlike(featurized(classifier, training), signature, scored);
            }
        }
        Signature three = new Signature(List.of(), "label3", null, null, "median",
                List.of("prediction", "probability"), Signature.TASK_MULTICLASS, List.of("a", "b", "c"), null);
        assertFusedScoresAlike(featurized(wired(new LogisticRegression()).setLabelCol("label3"), training), three, scored);
        assertFusedScoresAlike(featurized(wired(new RandomForestClassifier().setNumTrees(5).setSeed(7L))
                .setLabelCol("label3"), training), three, scored);
        Signature regression = new Signature(List.of(), "label", null, null, "median", List.of("prediction"),
                Signature.TASK_REGRESSION, null, null);
        for (PipelineStage regressor : List.of(new LinearRegression(), new GBTRegressor().setMaxIter(10).setSeed(7L),
                new RandomForestRegressor().setNumTrees(5).setSeed(7L), new DecisionTreeRegressor().setMaxDepth(4))) {
            regressor.set(regressor.getParam("featuresCol"), "features");
            regressor.set(regressor.getParam("labelCol"), "y");
            assertFusedScoresAlike(featurized(regressor, training), regression, scored);
        }
    }

    /** What the fused tail does not take scores with Spark's transform; a bad row fails as the assembler fails it. */
    @Test
    void fusedTailTakesOnlyWhatItComputesAsSpark() {
        Dataset<Row> training = categorical(rows, 0);
        LogisticRegression thresholds = wired(new LogisticRegression()).setThresholds(new double[] {0.4, 0.6});
        assertThat(FusedTail.of(featurized(thresholds, training))).isNull();
        assertThat(FusedTail.of(fit(wired(xgboost("binary:logistic"))))).isNull();
        assertThat(FusedTail.of(fit(wired(new LogisticRegression())))).isNotNull();
        GeneralizedLinearRegression glr = new GeneralizedLinearRegression().setFamily("gaussian");
        glr.set(glr.featuresCol(), "features");
        glr.set(glr.labelCol(), "y");
        assertThat(FusedTail.of(fit(glr))).isNull();
        PipelineModel keep = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("features").setHandleInvalid("keep"),
            wired(new LogisticRegression())}).fit(rows);
        assertThat(FusedTail.of(keep)).isNull();
        // an encoder's output that the assembler does not read: Spark's transform computes it, the tail would not
        PipelineModel unread = new Pipeline().setStages(new PipelineStage[] {
            new OneHotEncoder().setInputCols(new String[] {"n", "n2"}).setOutputCols(new String[] {"n_hot", "n2_hot"}),
            new VectorAssembler().setInputCols(new String[] {"x", "n_hot"}).setOutputCol("features"),
            wired(new LogisticRegression())}).fit(categorical(rows, 0).withColumn("n2", col("n")));
        assertThat(FusedTail.of(unread)).isNull();

        PipelineModel model = fit(wired(new GBTClassifier().setMaxIter(5)));
        Dataset<Row> missing = rows.withColumn("y", when(col("x").lt(0.1), null).otherwise(col("y"))).coalesce(1);
        assertFailsAsSpark(model, missing, "Encountered null while assembling a row with handleInvalid = \"error\"");
        Dataset<Row> nan = rows.withColumn("y", when(col("x").lt(0.1), Double.NaN).otherwise(col("y"))).coalesce(1);
        assertFailsAsSpark(model, nan, "Encountered NaN while assembling a row");
    }

    /**
     * A one-hot encoder fitted on indices 0 to 7 of a plain integer column (no indexer's extra
     * label), with its single-column params, for every dropLast x handleInvalid pair, scoring indices
     * up to 10 and a negative one: with "keep" the same scores as Spark (the invalid slot), with
     * "error" the same failure.
     */
    @Test
    void fusedTailEncodesInvalidIndicesAsSpark() {
        Dataset<Row> data = categorical(rows, 0).withColumn("n", when(col("x").lt(0.03), -1).otherwise(col("n")));
        Dataset<Row> training = data.where(col("n").between(0, 7));
        Signature signature = new Signature(List.of(), "label", "1", "0", "median",
                List.of("prediction", "probability"), Signature.TASK_BINARY, List.of("0", "1"), null);
        for (boolean dropLast : new boolean[] {true, false}) {
            for (String invalid : new String[] {"keep", "error"}) {
                PipelineModel model = new Pipeline().setStages(new PipelineStage[] {
                    new OneHotEncoder().setInputCol("n").setOutputCol("n_hot").setDropLast(dropLast)
                            .setHandleInvalid(invalid),
                    new VectorAssembler().setInputCols(new String[] {"x", "n_hot"}).setOutputCol("features"),
                    wired(new LogisticRegression())}).fit(training);
                if (invalid.equals("keep")) {
                    assertFusedScoresAlike(model, signature, data);
                } else {
                    assertFusedScoresAlike(model, signature, training);
                    assertFailsAsSpark(model, data.where(col("n").gt(7)).coalesce(1), "To handle unseen values, set"
                            + " Param handleInvalid to keep.");
                    assertFailsAsSpark(model, data.where(col("n").lt(0)).coalesce(1), "Negative value: -1.0. Input"
                            + " can't be negative. To handle invalid values, set Param handleInvalid to keep");
                }
            }
        }
    }

    @Test
    void theFusedSettingIsTrueOrFalse() {
        assertThat(SparkPipelineEngine.fusedOn("true")).isTrue();
        assertThat(SparkPipelineEngine.fusedOn(" FALSE")).isFalse();
        assertThatThrownBy(() -> SparkPipelineEngine.fusedOn("yes"))
                .hasMessage("spark.trainyard.scoring.fused=yes is not true or false; set it to true (the default: the last"
                        + " stages fused) or false (Spark's transform, stage by stage)");
    }

    /** Spark's transform and the fused tail both fail on {@code rows}, with the same words (Spark's on one line). */
    private static void assertFailsAsSpark(PipelineModel model, Dataset<Row> rows, String words) {
        Throwable spark = catchThrowable(() -> model.transform(rows).select("probability").collectAsList());
        Throwable fused = catchThrowable(() -> FusedTail.of(model).score(model, rows, List.of(), true).collectAsList());
        assertThat(rootMessage(spark).replace('\n', ' ')).contains(words);
        assertThat(rootMessage(fused)).contains(words).isEqualTo(rootMessage(spark).replace('\n', ' '));
    }

    private static String rootMessage(Throwable thrown) {
        assertThat(thrown).isNotNull();
        Throwable cause = thrown;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    /**
     * trainyard's own pipeline (imputation, indexing, one-hot encoding, assembly) on the churn rows,
     * held-out rows spiked with unseen and missing categories and missing numbers: the fused tail's
     * scores are Spark's.
     */
    @Test
    void fusedTailScoresTrainyardsChurnPipelineAsSpark() {
        ChurnParityTest.load();
        Signature signature = new Signature(List.of(), "churn", "yes", "no", "median",
                List.of("prediction", "probability"), Signature.TASK_BINARY, List.of("no", "yes"), null);
        for (PipelineStage model : List.of(TestModels.gbt(8, 3), TestModels.randomForest(15, 5),
                TestModels.decisionTree(6), TestModels.logisticRegression("binomial", 20))) {
            assertFusedScoresAlike(ChurnParityTest.fit(model), signature, ChurnParityTest.heldOut(), "customer_id");
        }
    }

    private static void assertFusedScoresAlike(PipelineModel model, Signature signature, Dataset<Row> rows) {
        assertFusedScoresAlike(model, signature, rows, "id");
    }

    /** The engine's columns from the fused tail against Spark's transform of the model as trained. */
    private static void assertFusedScoresAlike(PipelineModel model, Signature signature, Dataset<Row> rows, String id) {
        List<Column> columns = new ArrayList<>(List.of(col(id)));
        columns.addAll(SparkPipelineEngine.predictionColumns(signature));
        List<Row> spark = model.transform(rows).select(columns.toArray(new Column[0])).collectAsList();
        SparkPipelineEngine.lean(model, signature);
        FusedTail tail = FusedTail.of(model);
        assertThat(tail).isNotNull();
        boolean thresholded = signature.threshold() != null;
        Dataset<Row> scored = tail.score(model, rows, List.of(id), !thresholded);
        assertThat(List.of(scored.columns()).contains("prediction")).isEqualTo(!thresholded);
        columns = new ArrayList<>(List.of(col(id)));
        columns.addAll(SparkPipelineEngine.predictionColumns(signature, col("probability")));
        List<Row> fused = scored.select(columns.toArray(new Column[0])).collectAsList();
        String name = model.stages()[model.stages().length - 1].getClass().getSimpleName();
        RowsAlike.assertRowsAlike(fused, spark, name);
        assertThat(spark.stream().map(r -> r.get(1)).distinct().count()).as(name).isGreaterThan(1);
    }

    /**
     * The rows with an id, a category of five values, a number with gaps and a two-slot vector; the
     * scored rows ({@code unseen} 1) also have categories training never saw, and missing ones.
     */
    private static Dataset<Row> categorical(Dataset<Row> rows, int unseen) {
        Column category = when(col("y").lt(0.2), "a").when(col("y").lt(0.4), "b").when(col("y").lt(0.6), "c")
                .when(col("y").lt(0.8), "d").otherwise("e");
        if (unseen > 0) {
            category = when(col("x").lt(0.05), "never").when(col("x").gt(0.95), null).otherwise(category);
        }
        return rows.withColumn("id", org.apache.spark.sql.functions.monotonically_increasing_id())
                .withColumn("category", category)
                .withColumn("z", when(col("x").between(0.4, 0.5), null).otherwise(col("y").multiply(3)))
                .withColumn("n", org.apache.spark.sql.functions.round(col("x").multiply(10)).cast("int"))
                .withColumn("sx", when(col("x").lt(0.7), 0.0).otherwise(col("x")))
                .withColumn("sy", when(col("y").lt(0.7), 0.0).otherwise(col("y")))
                .withColumn("zero", org.apache.spark.sql.functions.lit(0.0))
                .withColumn("flag", col("y").gt(0.5))
                .withColumn("big", col("n").cast("long"))
                .withColumn("dec", col("y").cast("decimal(10,2)"));
    }

    /**
     * Imputer, StringIndexer (keep), OneHotEncoder (keep, dropLast), a dense and a mostly-zero (sparse)
     * vector input, boolean, long and decimal inputs, VectorAssembler, the model.
     */
    private static PipelineModel featurized(PipelineStage model, Dataset<Row> training) {
        return new Pipeline().setStages(new PipelineStage[] {
            new Imputer().setInputCols(new String[] {"z", "n"}).setOutputCols(new String[] {"_z", "_n"}),
            new StringIndexer().setInputCols(new String[] {"category"}).setOutputCols(new String[] {"_category"})
                    .setStringOrderType("frequencyDesc").setHandleInvalid("keep"),
            new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("xy"),
            // eight slots, at most two of them not 0: stored sparse
            new VectorAssembler().setInputCols(new String[] {"sx", "zero", "zero", "sy", "zero", "zero", "zero", "zero"})
                    .setOutputCol("s"),
            new OneHotEncoder().setInputCols(new String[] {"_category"}).setOutputCols(new String[] {"_category_onehot"})
                    .setDropLast(true).setHandleInvalid("keep"),
            new VectorAssembler().setInputCols(new String[] {"_z", "xy", "_category_onehot", "_n", "x", "s", "flag", "big",
                "dec"})
                    .setOutputCol("features"),
            model}).fit(training);
    }

    private static <C extends ProbabilisticClassifier<?, ?, ?>> C wired(C classifier) {
        classifier.set(classifier.featuresCol(), "features");
        classifier.set(classifier.labelCol(), "label");
        classifier.set(classifier.rawPredictionCol(), "_raw");
        return classifier;
    }

    private static PipelineModel fit(PipelineStage classifier) {
        return new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("features"), classifier})
                .fit(rows);
    }
}
