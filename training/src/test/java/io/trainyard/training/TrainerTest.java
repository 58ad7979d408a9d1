package io.trainyard.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.features.spec.DataSource;
import io.trainyard.features.spec.DatasetSpec;
import io.trainyard.features.spec.FeatureColumns;
import io.trainyard.features.spec.LabelSpec;
import io.trainyard.features.testing.SparkSessionExtension;
import io.trainyard.serving.bundle.ModelBundle;
import io.trainyard.serving.bundle.Signature;
import io.trainyard.training.spec.CvSpec;
import io.trainyard.training.spec.ModelSpec;
import io.trainyard.training.spec.SelectionMetric;
import io.trainyard.training.spec.SplitSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import io.trainyard.features.drift.DriftProfiler;
import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.load.LoadedDataset;
import io.trainyard.features.pipeline.FeaturePipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.ImputerModel;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkSessionExtension.class)
class TrainerTest {
    @Test
    void trainsTheChurnSampleEndToEndAndPublishesAVerifiedBundle(SparkSession spark, @TempDir Path out)
            throws Exception {
        String path = SparkSessionExtension.repoFile("data/samples/mlc_churn.csv").toString();
        DatasetSpec dataset = new DatasetSpec(DataSource.of(path, null), new LabelSpec("churn", "yes"),
                List.of("customer_id"), new FeatureColumns(
                        List.of("state", "area_code", "international_plan", "voice_mail_plan"), null, null, null));
        TrainRequest request = new TrainRequest("churn", dataset, new SplitSpec(0.2, 42L), new CvSpec(2, true, "auc"),
                List.of(new ModelSpec("logistic-regression", Map.of("max-iter", 15), Map.of("reg-param", List.of(0.01))),
                        new ModelSpec("xgboost", Map.of("num-round", 30), Map.of("max-depth", List.of(4)))),
                out, "name: churn\n", "hash", "test", null, "run-1");

        TrainResult result = new Trainer(spark).train(request);

        assertThat(result.rows()).isEqualTo(5000);
        assertThat(result.trainRows() + result.holdoutRows()).isEqualTo(5000);
        assertThat((double) result.holdoutRows() / 5000).isCloseTo(0.2, within(0.03));
        assertThat(result.cv().candidates()).hasSize(2);
        assertThat(result.cv().candidates()).allSatisfy(c -> assertThat(c.folds()).hasSize(2));
        // trees find the churn interactions (day minutes x plan, service calls) that a linear model misses
        assertThat(result.cv().best().candidate().family()).isEqualTo("xgboost");
        assertThat(result.holdout().get(SelectionMetric.AUC)).isGreaterThan(0.85);
        assertThat(result.holdout().rows()).isEqualTo(result.holdoutRows());

        ModelBundle bundle = ModelBundle.open(result.bundleDir());
        assertThat(bundle.manifest().id()).isEqualTo(result.bundleId());
        assertThat(bundle.manifest().family()).isEqualTo("xgboost");
        assertThat(bundle.manifest().runId()).isEqualTo("run-1");
        assertThat(bundle.signature().columns(Signature.ROLE_NUMERIC)).hasSize(15);
        assertThat(bundle.signature().inputs().get(1).categories()).hasSize(51);
        for (String plot : List.of("plots/roc.png", "plots/pr.png", "plots/calibration.png", "plots/confusion.png",
                "plots/feature_importance.png", "MLmodel", "config.yaml")) {
            assertThat(result.bundleDir().resolve(plot)).isNotEmptyFile();
        }
        // the booster's gain per slot, named after the slot: churn turns on minutes, service calls and the plans
        JsonNode importance = new ObjectMapper().readTree(result.bundleDir().resolve("feature_importance.json").toFile());
        List<String> names = new java.util.ArrayList<>();
        double total = 0;
        for (JsonNode feature : importance.get("features")) {
            names.add(feature.get("name").asText());
            total += feature.get("importance").asDouble();
        }
        assertThat(total).isCloseTo(1.0, within(1e-9));
        assertThat(names).doesNotHaveDuplicates().noneMatch(n -> n.startsWith("slot "));
        assertThat(names.subList(0, 4)).anyMatch(n -> n.startsWith("total_day") || n.contains("service_calls")
                || n.startsWith("international_plan"));
        JsonNode metrics = new ObjectMapper().readTree(result.bundleDir().resolve("metrics.json").toFile());
        assertThat(metrics.at("/holdout/auc").asDouble()).isEqualTo(result.holdout().get(SelectionMetric.AUC));
        assertThat(metrics.at("/cv/candidates")).hasSize(2);

        // the saved model reproduces the holdout scores
        Dataset<Row> holdout = spark.read().parquet(result.holdoutDir().toString());
        assertThat(holdout.count()).isEqualTo(result.holdoutRows());
        PipelineModel loaded = PipelineModel.load(bundle.sparkModelDir().toString());
        assertThat(loaded.transform(holdout).count()).isEqualTo(result.holdoutRows());
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("model", "holdout");
        }
    }

    @Test
    void aTrainValidationSplitWithParallelCandidatesScoresEachCandidateOnceAndLikeOneAtATime(SparkSession spark,
                                                                                           @TempDir Path out) {
        String path = SparkSessionExtension.repoFile("data/samples/mlc_churn.csv").toString();
        DatasetSpec dataset = new DatasetSpec(DataSource.of(path, null), new LabelSpec("churn", "yes"),
                List.of("customer_id"), new FeatureColumns(
                        List.of("state", "area_code", "international_plan", "voice_mail_plan"), null, null, null));
        List<ModelSpec> models = List.of(new ModelSpec("logistic-regression", Map.of("max-iter", 10),
                Map.of("reg-param", List.of(0.01, 0.1))));

        TrainResult parallel = new Trainer(spark).train(new TrainRequest("churn", dataset, new SplitSpec(0.2, 42L),
                new CvSpec(null, true, "auc", "train-validation", null, 2, 0.75), models, out.resolve("parallel"),
                "name: churn\n", "hash", "test", null, null));
        TrainResult serial = new Trainer(spark).train(new TrainRequest("churn", dataset, new SplitSpec(0.2, 42L),
                new CvSpec(null, true, "auc", "train-validation", null, 1, 0.75), models, out.resolve("serial"),
                "name: churn\n", "hash", "test", null, null));

        assertThat(parallel.cv().candidates()).hasSize(2).allSatisfy(c -> assertThat(c.folds()).hasSize(1));
        // about a quarter of the 4,000 training rows validate
        assertThat((double) parallel.cv().best().folds().get(0).rows() / parallel.trainRows()).isCloseTo(0.25,
                within(0.03));
        for (int i = 0; i < 2; i++) {
            // same split, same fits; only the summation order of Spark's aggregations may differ
            assertThat(parallel.cv().candidates().get(i).mean()).isCloseTo(serial.cv().candidates().get(i).mean(),
                    within(1e-9));
        }
    }

    @Test
    void theImputerIsFittedOnceOnTheTrainingSplitOnlyWhenTheDataHasNoGaps(SparkSession spark) {
        Dataset<Row> training = spark.createDataFrame(List.of(RowFactory.create(1.0, 10.0, "x"),
                RowFactory.create(2.0, 30.0, "y"), RowFactory.create(9.0, 20.0, "x")), new StructType()
                .add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType).add("c", DataTypes.StringType));
        DatasetSchema schema = new DatasetSchema(List.of(), List.of("c"), List.of("a", "b"), "label", "1", "0");
        List<PipelineStage> stages = FeaturePipeline.stages(schema, "median");

        List<PipelineStage> once = Trainer.imputedOnce(stages,
                new LoadedDataset(training, schema, 3, Map.of(), Map.of()), training,
                DriftProfiler.deciles(training, schema.numeric()));
        assertThat(once).hasSameSizeAs(stages);
        ImputerModel imputer = (ImputerModel) once.stream().filter(s -> s instanceof ImputerModel).findFirst()
                .orElseThrow();
        Row medians = imputer.surrogateDF().first();
        assertThat(medians.getDouble(medians.fieldIndex("a"))).isEqualTo(2.0);
        assertThat(medians.getDouble(medians.fieldIndex("b"))).isEqualTo(20.0);

        List<PipelineStage> perFold = Trainer.imputedOnce(stages,
                new LoadedDataset(training, schema, 3, Map.of(), Map.of("a", 1L)), training,
                DriftProfiler.deciles(training, schema.numeric()));
        assertThat(perFold).containsExactlyElementsOf(stages);
    }

    /** The medians taken from the drift profile's deciles are those Spark's Imputer computes, and so is the model. */
    @Test
    void theImputerFromTheDecilesIsTheOneSparksFitMakes(SparkSession spark) throws Exception {
        java.util.Random random = new java.util.Random(3);
        List<Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            rows.add(RowFactory.create(random.nextGaussian() * 50, Math.floor(random.nextDouble() * 7), "x"));
        }
        Dataset<Row> training = spark.createDataFrame(rows, new StructType().add("a", DataTypes.DoubleType)
                .add("b", DataTypes.DoubleType).add("c", DataTypes.StringType)).repartition(3).cache();
        // the input columns in another order than the schema's numeric features
        DatasetSchema schema = new DatasetSchema(List.of(), List.of("c"), List.of("b", "a"), "label", "1", "0");
        org.apache.spark.ml.feature.Imputer imputer = new org.apache.spark.ml.feature.Imputer()
                .setInputCols(new String[] {"a", "b"}).setOutputCols(new String[] {"a_imputed", "b_imputed"})
                .setStrategy("median");
        ImputerModel fromDeciles = (ImputerModel) Trainer.imputedOnce(List.of(imputer),
                new LoadedDataset(training, schema, 20_000, Map.of(), Map.of()), training,
                DriftProfiler.deciles(training, schema.numeric())).get(0);
        ImputerModel bySpark = imputer.fit(training);
        assertThat(fromDeciles.surrogateDF().schema()).isEqualTo(bySpark.surrogateDF().schema());
        assertThat(fromDeciles.surrogateDF().collectAsList()).isEqualTo(bySpark.surrogateDF().collectAsList());
        assertThat(fromDeciles.uid()).isEqualTo(imputer.uid());
        assertThat(fromDeciles.getOutputCols()).containsExactly("a_imputed", "b_imputed");
        assertThat(fromDeciles.parent()).isSameAs(imputer);
        Dataset<Row> gaps = spark.createDataFrame(List.of(RowFactory.create(Double.NaN, null, "x")), training.schema());
        assertThat(fromDeciles.transform(gaps).collectAsList()).isEqualTo(bySpark.transform(gaps).collectAsList());
        // a mean imputer is fitted by Spark
        org.apache.spark.ml.feature.Imputer mean = imputer.copy(new org.apache.spark.ml.param.ParamMap())
                .setStrategy("mean");
        ImputerModel meanModel = (ImputerModel) Trainer.imputedOnce(List.of(mean),
                new LoadedDataset(training, schema, 20_000, Map.of(), Map.of()), training,
                DriftProfiler.deciles(training, schema.numeric())).get(0);
        assertThat(meanModel.surrogateDF().collectAsList()).isEqualTo(mean.fit(training).surrogateDF().collectAsList());
        training.unpersist();
    }
}
