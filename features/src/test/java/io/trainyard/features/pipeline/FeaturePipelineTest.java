package io.trainyard.features.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.trainyard.common.TrainyardException;
import io.trainyard.features.load.DatasetLoader;
import io.trainyard.features.load.LoadedDataset;
import io.trainyard.features.spec.DataSource;
import io.trainyard.features.spec.DatasetSpec;
import io.trainyard.features.spec.DerivedFeatures;
import io.trainyard.features.spec.FeatureColumns;
import io.trainyard.features.spec.LabelSpec;
import io.trainyard.features.testing.SparkSessionExtension;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkSessionExtension.class)
class FeaturePipelineTest {
    private final LoadedDataset churn;

    FeaturePipelineTest(SparkSession spark) {
        String path = SparkSessionExtension.repoFile("data/samples/mlc_churn.csv").toString();
        churn = new DatasetLoader(spark).loadForTraining(new DatasetSpec(DataSource.of(path, null),
                new LabelSpec("churn", "yes"), List.of("customer_id"),
                new FeatureColumns(List.of("state", "area_code", "international_plan", "voice_mail_plan"), null,
                        null, null)));
    }

    @Test
    void assemblesNumericAndOneHotColumnsIntoOneVector() {
        List<PipelineStage> stages = FeaturePipeline.stages(churn.schema(), "median");
        PipelineModel model = new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(churn.frame());
        Vector features = model.transform(churn.frame()).first().getAs(FeaturePipeline.FEATURES);
        // 15 numeric + one slot per category plus one for unseen or missing ones: StringIndexer 'keep' adds
        // an unknown label, OneHotEncoder's dropLast then drops one slot: state 51, area_code 3, two yes/no plans
        assertThat(features.size()).isEqualTo(15 + (51 + 1) + (3 + 1) + (2 + 1) + (2 + 1));
    }

    @Test
    void denseVectorizerMakesEveryVectorDenseAndSurvivesSaveAndLoad(@TempDir Path dir) throws Exception {
        List<PipelineStage> stages = new java.util.ArrayList<>(FeaturePipeline.stages(churn.schema(), "median"));
        stages.add(new DenseVectorizer());
        PipelineModel model = new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(churn.frame());
        String path = dir.resolve("model").toString();
        model.write().save(path);
        PipelineModel loaded = PipelineModel.load(path);

        Dataset<Row> out = loaded.transform(churn.frame().limit(50));
        assertThat(loaded.stages()[loaded.stages().length - 1]).isInstanceOf(DenseVectorizer.class);
        assertThat(out.collectAsList()).allSatisfy(row ->
                assertThat(row.<Vector>getAs(FeaturePipeline.FEATURES)).isInstanceOf(DenseVector.class));
        Vector before = model.transform(churn.frame().limit(1)).first().getAs(FeaturePipeline.FEATURES);
        Vector after = out.first().getAs(FeaturePipeline.FEATURES);
        assertThat(after.toArray()).containsExactly(before.toArray());
    }

    @Test
    void ratiosInteractionsAndPolynomialTermsAreStagesThatSurviveSaveAndLoad(@TempDir Path dir) throws Exception {
        DerivedFeatures derived = new DerivedFeatures(
                List.of(new DerivedFeatures.Ratio("charge_per_minute", "total_day_charge", "total_day_minutes")),
                List.of(List.of("charge_per_minute", "number_customer_service_calls")),
                new DerivedFeatures.Polynomial(List.of("account_length", "total_intl_calls"), 2));
        FeatureColumns features = new FeatureColumns(null, null, null, "median", null, null, derived);
        List<PipelineStage> stages = FeaturePipeline.stages(churn.schema(), features);
        PipelineModel fitted = new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(churn.frame());
        String path = dir.resolve("model").toString();
        fitted.write().save(path);
        PipelineModel model = PipelineModel.load(path);

        Row row = model.transform(churn.frame().filter("total_day_minutes > 0")).first();
        double ratio = row.<Double>getAs("total_day_charge") / row.<Double>getAs("total_day_minutes");
        assertThat(row.<Double>getAs("charge_per_minute")).isCloseTo(ratio, within(1e-12));
        assertThat(row.<Double>getAs("_charge_per_minute_x_number_customer_service_calls"))
                .isCloseTo(ratio * row.<Double>getAs("number_customer_service_calls"), within(1e-12));
        // degree 2 of (a, b): a, a², b, ab, b² (Spark's order)
        double a = row.<Double>getAs("account_length");
        double b = row.<Double>getAs("total_intl_calls");
        assertThat(row.<Vector>getAs("_polynomial").toArray()).containsExactly(new double[] {a, a * a, b, a * b, b * b},
                within(1e-9));
        Vector plain = new Pipeline().setStages(FeaturePipeline.stages(churn.schema(), "median")
                .toArray(new PipelineStage[0])).fit(churn.frame()).transform(churn.frame()).first()
                .getAs(FeaturePipeline.FEATURES);
        // the ratio (imputed), one interaction and five polynomial terms join the assembled vector
        assertThat(row.<Vector>getAs(FeaturePipeline.FEATURES).size()).isEqualTo(plain.size() + 1 + 1 + 5);
    }

    @Test
    void aDerivedFeatureOfAColumnThatIsNotNumericIsAConfigError() {
        DerivedFeatures derived = new DerivedFeatures(List.of(), List.of(List.of("state", "account_length")), null);
        FeatureColumns features = new FeatureColumns(null, null, null, "median", null, null, derived);
        assertThatThrownBy(() -> FeaturePipeline.stages(churn.schema(), features))
                .isInstanceOf(TrainyardException.class)
                .hasMessageStartingWith("features.derived.interactions: 'state' is not a numeric feature; use one of"
                        + " account_length, ");
    }
}
