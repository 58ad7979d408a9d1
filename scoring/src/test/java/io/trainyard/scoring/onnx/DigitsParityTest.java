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
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.feature.MinMaxScaler;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Multi-class parity on 300 digits (10 classes, 64 pixel columns, several of them constant):
 * multinomial logistic regression behind MinMaxScaler and StandardScaler (withMean), tolerance 1e-6;
 * a random forest, tolerance 1e-6; a multilayer perceptron (two hidden layers), tolerance 1e-6; XGBoost
 * multi:softprob, tolerance 1e-5. Trained on 240 rows, compared on all 300.
 */
class DigitsParityTest {
    private static List<String> pixels;
    private static Dataset<Row> rows;
    private static Dataset<Row> train;

    @BeforeAll
    static void load() {
        SparkSession spark = SparkSessionExtension.session();
        Dataset<Row> raw = spark.read().option("header", "true").option("inferSchema", "true")
                .csv(SparkSessionExtension.repoFile("data/samples/digits_sample.csv").toString());
        pixels = Arrays.stream(raw.columns()).filter(c -> c.startsWith("pixel_")).toList();
        List<Column> typed = new ArrayList<>(pixels.stream().map(c -> col(c).cast("double").as(c)).toList());
        typed.add(col("label").cast("double").as(DatasetSchema.LABEL));
        rows = raw.select(typed.toArray(new Column[0])).coalesce(1).cache();
        train = rows.sample(false, 0.8, 11L).cache();
    }

    /** Every one of the 300 rows compared, no differing class, probabilities within {@code tolerance}. */
    private static void assertParity(ParityReport report, double tolerance) {
        assertThat(report.rows()).isEqualTo(300);
        assertThat(report.mismatchedPredictions()).isZero();
        assertThat(report.maxAbsDiff().get("probabilities")).isLessThanOrEqualTo(tolerance);
        assertThat(report.passed()).isTrue();
    }

    private static PipelineModel fit(PipelineStage... stages) {
        return new Pipeline().setStages(stages).fit(train);
    }

    private static ParityReport parity(PipelineModel model) {
        List<Signature.Input> inputs = pixels.stream()
                .map(p -> new Signature.Input(p, "double", Signature.ROLE_NUMERIC, null)).toList();
        Signature signature = new Signature(inputs, "label", null, null, "error", List.of("prediction", "probability"));
        return TestModels.parity("digits", model, signature, rows);
    }

    @Test
    void multinomialLogisticRegressionBehindScalersMatchesSparkWithin1e6() {
        PipelineModel model = fit(
                new VectorAssembler().setInputCols(pixels.toArray(new String[0])).setOutputCol("_pixels"),
                new MinMaxScaler().setInputCol("_pixels").setOutputCol("_unit"),
                new StandardScaler().setInputCol("_unit").setOutputCol(FeaturePipeline.FEATURES).setWithMean(true),
                TestModels.logisticRegression("multinomial", 20));

        assertParity(parity(model), 1e-6);
    }

    @Test
    void multiClassRandomForestMatchesSparkWithin1e6() {
        PipelineModel model = fit(
                new VectorAssembler().setInputCols(pixels.toArray(new String[0])).setOutputCol(FeaturePipeline.FEATURES),
                TestModels.randomForest(10, 5));

        assertParity(parity(model), 1e-6);
    }

    @Test
    void multilayerPerceptronWithTwoHiddenLayersMatchesSparkWithin1e6() {
        MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier().setLayers(new int[] {64, 24, 12, 10})
                .setMaxIter(60).setSeed(7L).setFeaturesCol(FeaturePipeline.FEATURES).setLabelCol(DatasetSchema.LABEL)
                .setPredictionCol("prediction").setProbabilityCol("probability").setRawPredictionCol("_raw");
        PipelineModel model = fit(
                new VectorAssembler().setInputCols(pixels.toArray(new String[0])).setOutputCol("_pixels"),
                new MinMaxScaler().setInputCol("_pixels").setOutputCol(FeaturePipeline.FEATURES),
                mlp);

        assertParity(parity(model), 1e-6);
    }

    @Test
    void multiClassXgboostMatchesSparkWithin1e5() {
        PipelineModel model = fit(
                new VectorAssembler().setInputCols(pixels.toArray(new String[0])).setOutputCol(FeaturePipeline.FEATURES),
                new DenseVectorizer(),
                TestModels.xgboost(10, 3));

        ParityReport report = parity(model);

        assertThat(report.rows()).isEqualTo(300);
        assertThat(report.mismatchedPredictions()).isZero();
        assertThat(report.tolerance()).isEqualTo(1e-5);
        assertThat(report.maxAbsDiff().get("probabilities")).isLessThanOrEqualTo(1e-5);
        assertThat(report.passed()).isTrue();
    }
}
