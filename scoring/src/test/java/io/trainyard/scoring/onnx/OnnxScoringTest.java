package io.trainyard.scoring.onnx;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.common.ErrorCategory;
import io.trainyard.common.TrainyardException;
import io.trainyard.features.pipeline.DenseVectorizer;
import io.trainyard.serving.bundle.BundleManifest;
import io.trainyard.serving.bundle.ModelBundle;
import io.trainyard.serving.bundle.Signature;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX engine of bulk scoring against Spark's own transform, on all 5,000 churn rows (held-out
 * rows spiked with unseen and missing values) in 3 partitions, so that batches of 1,024 split
 * partitions: same class for every row, probabilities within the parity tolerance.
 */
class OnnxScoringTest {
    private static Dataset<Row> rows;

    @BeforeAll
    static void load() {
        ChurnParityTest.load();
        rows = ChurnParityTest.heldOut().unionByName(ChurnParityTest.train()).repartition(3).cache();
    }

    private static void assertSameScores(PipelineModel model, double tolerance) {
        Signature signature = TestModels.signature(ChurnParityTest.dataSchema());
        byte[] graph = new OnnxExporter().export(model, signature, new OnnxProvenance("churn", "t", "t")).toByteArray();

        Dataset<Row> onnx = OnnxScoring.transform(rows, graph, signature);
        Dataset<Row> spark = model.transform(rows).select("customer_id", "prediction", "probability");

        assertThat(onnx.columns()).containsExactly("customer_id", "prediction", "probability");
        Dataset<Row> joined = onnx.as("o").join(spark.as("s"), "customer_id")
                .withColumn("diff", abs(functions.vector_to_array(col("o.probability"), "float64").getItem(1)
                        .minus(functions.vector_to_array(col("s.probability"), "float64").getItem(1))));
        assertThat(joined.count()).isEqualTo(rows.count()).isEqualTo(5000);
        assertThat(joined.filter(col("o.prediction").notEqual(col("s.prediction"))).count()).isZero();
        double worst = joined.agg(max("diff")).first().getDouble(0);
        System.out.println("onnx engine vs spark, " + model.stages()[model.stages().length - 1].getClass()
                .getSimpleName() + ": max |p_onnx - p_spark| = " + worst);
        assertThat(worst).isLessThanOrEqualTo(tolerance);
    }

    @Test
    void logisticRegressionScoresMatchTheSparkEngine() {
        assertSameScores(ChurnParityTest.fit(TestModels.logisticRegression("binomial", 15)), 1e-6);
    }

    @Test
    void xgboostScoresMatchTheSparkEngine() {
        assertSameScores(ChurnParityTest.fit(new DenseVectorizer(), TestModels.xgboost(30, 4)), 1e-5);
        assertSameScores(ChurnParityTest.xgboostZeroMissing(), 1e-5);
    }

    @Test
    void aBundleWithoutGraphIsRefusedSayingHowToExportIt(@TempDir Path dir) throws Exception {
        PipelineModel model = ChurnParityTest.fit(TestModels.logisticRegression("binomial", 2));
        Path bundle = dir.resolve("model");
        model.write().save(bundle.resolve(ModelBundle.SPARK_MODEL_DIR).toString());
        ModelBundle.writeJson(bundle.resolve(ModelBundle.SIGNATURE_FILE),
                TestModels.signature(ChurnParityTest.dataSchema()));
        ModelBundle.seal(bundle, new BundleManifest(1, null, "churn", "binary-classification", "logistic-regression",
                "2026-01-01T00:00:00Z", "test", "3.5.9", null, "hash", Map.of()));

        assertThatThrownBy(() -> OnnxScoring.graphOf(ModelBundle.open(bundle), "churn/3"))
                .isInstanceOf(TrainyardException.class)
                .hasMessage("Model churn/3 has no ONNX graph (onnx/model.onnx in " + bundle + "); run `trainyard"
                        + " export --model churn/3 --format onnx` first, or score with --engine spark")
                .extracting(e -> ((TrainyardException) e).category()).isEqualTo(ErrorCategory.USAGE);
    }
}
