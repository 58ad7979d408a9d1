package io.trainyard.features.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.features.load.DatasetLoader;
import io.trainyard.features.load.LoadedDataset;
import io.trainyard.features.spec.DataSource;
import io.trainyard.features.spec.DatasetSpec;
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
}
