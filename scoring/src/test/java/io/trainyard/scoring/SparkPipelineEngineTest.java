package io.trainyard.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.features.pipeline.DenseVectorizer;
import io.trainyard.features.pipeline.FittedPipelines;
import io.trainyard.features.testing.SparkSessionExtension;
import io.trainyard.serving.bundle.Signature;
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
import org.apache.spark.ml.feature.VectorAssembler;
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
        assertThat(lean.select(output).collectAsList())
                .as(model.stages()[model.stages().length - 1].getClass().getSimpleName())
                .isEqualTo(full);
        assertThat(full.stream().map(r -> r.get(0)).distinct().count()).isGreaterThan(1);
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
