package io.trainyard.scoring.onnx;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.common.TrainyardException;
import io.trainyard.features.load.DatasetLoader;
import io.trainyard.features.load.LoadedDataset;
import io.trainyard.features.pipeline.DenseVectorizer;
import io.trainyard.features.pipeline.FeaturePipeline;
import io.trainyard.features.spec.DataSource;
import io.trainyard.features.spec.DatasetSpec;
import io.trainyard.features.spec.FeatureColumns;
import io.trainyard.features.spec.LabelSpec;
import io.trainyard.features.spec.TextFeatures;
import io.trainyard.features.testing.SparkSessionExtension;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.StopWordsRemover;
import org.apache.spark.ml.feature.Tokenizer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Text parity on the sentiment sample (fine food reviews): trainyard's text stages (RegexTokenizer
 * lower-casing and splitting on non-letters/digits, min length 2, StopWordsRemover, CountVectorizer,
 * IDF) in front of logistic regression (tolerance 1e-6) and XGBoost (1e-5), on held-out reviews
 * spiked with upper-case accented and Greek words, digits, tabs and newlines, punctuation-only and
 * empty texts. Spark's plain Tokenizer: exact on single-spaced text, refused (with the reason) when
 * its empty tokens reach the vocabulary.
 */
class SentimentParityTest {
    private static LoadedDataset data;
    private static Dataset<Row> train;
    private static Dataset<Row> heldOut;

    @BeforeAll
    static synchronized void load() {
        if (data != null) {
            return;
        }
        SparkSession spark = SparkSessionExtension.session();
        String path = SparkSessionExtension.repoFile("data/samples/fine_foods_train.csv").toString();
        DatasetSpec spec = new DatasetSpec(DataSource.of(path, null), new LabelSpec("score", "great"), List.of(),
                new FeatureColumns(List.of(), List.of(), List.of("product"), "median", null,
                        new TextFeatures(List.of("review"), 400, 3, true)));
        data = new DatasetLoader(spark).loadForTraining(spec);
        // one partition by a shuffle, not a coalesce: the loader spreads the file over the cores, and XGBoost's
        // barrier stage (one worker here) refuses a coalesce in its lineage
        Dataset<Row>[] split = data.frame().repartition(1).randomSplit(new double[] {0.8, 0.2}, 42L);
        train = split[0].cache();
        heldOut = spiked(split[1]).cache();
    }

    /** Reviews replaced by texts where lower-casing and splitting are easy to get wrong. */
    private static Dataset<Row> spiked(Dataset<Row> rows) {
        Dataset<Row> numbered = rows.withColumn("_n", org.apache.spark.sql.functions.monotonically_increasing_id());
        String[] texts = {"ÉCOLE Über STRASSE café CRÈME Brûlée GREAT", "ΑΒΓ ΔΕΖ great taste", "",
            "!!! ??? ...", "Tab\tseparated\nlines\r\nand\u000Bvertical GOOD", "x y z 1 2 3 a1 b22 333 Good",
            "<br /><br />I LOVE it, LOVE IT!!!   Best   coffee"};
        org.apache.spark.sql.Column review = col("review");
        for (int i = 0; i < texts.length; i++) {
            review = when(col("_n").mod(25).equalTo(i), lit(texts[i])).otherwise(review);
        }
        return numbered.withColumn("review", review).drop("_n");
    }

    private static PipelineModel fit(Dataset<Row> rows, List<PipelineStage> features, PipelineStage... model) {
        List<PipelineStage> stages = new ArrayList<>(features);
        stages.addAll(List.of(model));
        return new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(rows);
    }

    private static ParityReport parity(PipelineModel model, Dataset<Row> rows) {
        return TestModels.parity("sentiment", model, TestModels.signature(data.schema()), rows);
    }

    private static void assertParity(ParityReport report, double tolerance) {
        assertThat(report.rows()).isGreaterThan(700);
        assertThat(report.mismatchedPredictions()).isZero();
        assertThat(report.tolerance()).isEqualTo(tolerance);
        assertThat(report.maxAbsDiff().get("probabilities")).isLessThanOrEqualTo(tolerance);
        assertThat(report.passed()).isTrue();
    }

    @Test
    void textPipelineWithLogisticRegressionMatchesSparkWithin1e6() {
        assertParity(parity(fit(train, FeaturePipeline.stages(data.schema(), featureColumns()),
                TestModels.logisticRegression("binomial", 30)), heldOut), 1e-6);
    }

    @Test
    void textPipelineWithXgboostMatchesSparkWithin1e5() {
        assertParity(parity(fit(train, FeaturePipeline.stages(data.schema(), featureColumns()), new DenseVectorizer(),
                TestModels.xgboost(30, 4)), heldOut), 1e-5);
    }

    @Test
    void plainTokenizerMatchesSparkOnSingleSpacedText() {
        Dataset<Row> singleSpaced = heldOut.withColumn("review", trim(regexp_replace(col("review"), "\\s+", " ")));
        Dataset<Row> trainSpaced = train.withColumn("review", trim(regexp_replace(col("review"), "\\s+", " ")));
        PipelineModel model = fit(trainSpaced, plainTokenizerStages(), TestModels.logisticRegression("binomial", 20));

        assertParity(parity(model, singleSpaced.filter(col("review").notEqual(""))), 1e-6);
    }

    @Test
    void plainTokenizerIsRefusedWhenItsEmptyTokensReachTheVocabulary() {
        PipelineModel model = fit(train, plainTokenizerStages(), TestModels.logisticRegression("binomial", 2));

        assertThatThrownBy(() -> new OnnxExporter().export(model, TestModels.signature(data.schema()),
                new OnnxProvenance("sentiment", "test", "test")))
                .isInstanceOf(TrainyardException.class)
                .hasMessageContaining("has the empty string in its vocabulary")
                .hasMessageContaining("use RegexTokenizer (pattern \\s+) instead of Tokenizer");
    }

    @Test
    void accentedAndGreekCapitalsAreLowerCasedAsJavaDoes() {
        SparkSession spark = SparkSessionExtension.session();
        List<Row> rows = new ArrayList<>();
        String[] texts = {"ÉCOLE Über CRÈME ΑΒΓ ÅNGSTRÖM", "école über crème αβγ ångström", "Ça ÇA ça ÑANDU",
            "ÆSIR æsir ØRE øre Ÿ", "plain words only", "ĲSSEL ǄEMAL Ǆ"};
        for (int i = 0; i < 60; i++) {
            rows.add(org.apache.spark.sql.RowFactory.create(texts[i % texts.length], (double) (i % 2)));
        }
        Dataset<Row> frame = spark.createDataFrame(rows, new org.apache.spark.sql.types.StructType()
                .add("review", "string").add(io.trainyard.features.load.DatasetSchema.LABEL, "double"));
        List<PipelineStage> stages = new ArrayList<>(FeaturePipeline.stages(data.schema(), new FeatureColumns(
                List.of(), List.of(), List.of("product"), "median", null,
                new TextFeatures(List.of("review"), 100, 1, true))));
        PipelineModel model = fit(frame, stages, TestModels.logisticRegression("binomial", 10));
        String[] vocabulary = OnnxExporter.stages(model).stream()
                .filter(s -> s instanceof org.apache.spark.ml.feature.CountVectorizerModel)
                .map(s -> ((org.apache.spark.ml.feature.CountVectorizerModel) s).vocabulary()).findFirst().orElseThrow();

        assertThat(vocabulary).contains("école", "über", "αβγ", "ça", "æsir", "øre", "ĳssel");
        ParityReport report = parity(model, frame);
        assertThat(report.rows()).isEqualTo(60);
        assertThat(report.maxAbsDiff().get("probabilities")).isLessThanOrEqualTo(1e-6);
        assertThat(report.passed()).isTrue();
    }

    private static FeatureColumns featureColumns() {
        return new FeatureColumns(List.of(), List.of(), List.of("product"), "median", null,
                new TextFeatures(List.of("review"), 400, 3, true));
    }

    private static List<PipelineStage> plainTokenizerStages() {
        return List.of(new Tokenizer().setInputCol("review").setOutputCol("_words"),
                new StopWordsRemover().setInputCol("_words").setOutputCol("_terms"),
                new CountVectorizer().setInputCol("_terms").setOutputCol("_counts").setVocabSize(300).setMinDF(3),
                new VectorAssembler().setInputCols(new String[] {"_counts"}).setOutputCol(FeaturePipeline.FEATURES));
    }
}
