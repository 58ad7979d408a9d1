package io.trainyard.training.cv;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.features.load.DatasetLoader;
import io.trainyard.features.load.LoadedDataset;
import io.trainyard.features.pipeline.FeaturePipeline;
import io.trainyard.features.spec.DataSource;
import io.trainyard.features.spec.DatasetSpec;
import io.trainyard.features.spec.FeatureColumns;
import io.trainyard.features.spec.LabelSpec;
import io.trainyard.features.testing.SparkSessionExtension;
import io.trainyard.training.metrics.DecisionThreshold;
import io.trainyard.training.model.Candidate;
import io.trainyard.training.model.ModelCatalogue;
import io.trainyard.training.model.ModelFamily;
import io.trainyard.training.spec.ModelSpec;
import io.trainyard.training.spec.ThresholdSpec;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class ThresholdSelectionTest {
    private final SparkSession spark;

    ThresholdSelectionTest(SparkSession spark) {
        this.spark = spark;
    }

    @Test
    void aRecallGoalTakesTheHighestThresholdMeetingItAndAPrecisionGoalTheLowest() {
        // (threshold, precision, recall)
        List<double[]> curve = List.of(new double[] {0.9, 0.9, 0.1}, new double[] {0.6, 0.7, 0.4},
                new double[] {0.3, 0.5, 0.6}, new double[] {0.1, 0.2, 0.9});
        assertThat(ThresholdSelection.pick(curve, new ThresholdSpec("recall", 0.5))).isEqualTo(0.3);
        assertThat(ThresholdSelection.pick(curve, new ThresholdSpec("precision", 0.6))).isEqualTo(0.6);
        // unreachable: the closest point
        assertThat(ThresholdSelection.pick(curve, new ThresholdSpec("precision", 0.95))).isEqualTo(0.9);
    }

    @Test
    void theThresholdMeetsTheRecallGoalOnEachValidationFold() {
        String path = SparkSessionExtension.repoFile("data/samples/lending_club.csv").toString();
        LoadedDataset data = new DatasetLoader(spark).loadForTraining(new DatasetSpec(DataSource.of(path, null),
                new LabelSpec("Class", "bad"), List.of(), new FeatureColumns(
                        List.of("term", "sub_grade", "addr_state", "verification_status", "emp_length"), null, null,
                        null)));
        Dataset<Row> folded = Splits.assignFolds(data.frame(), Splits.keyColumns(data.schema()), 2, true, 42L).cache();
        Candidate lr = ModelCatalogue.candidates(List.of(new ModelSpec("logistic-regression",
                Map.of("max-iter", 20, "reg-param", 0.01), null)), new ModelFamily.FamilyContext(42L, 2)).get(0);

        DecisionThreshold chosen = ThresholdSelection.choose(folded, CrossValidation.FoldPlan.kfold(2),
                FeaturePipeline.stages(data.schema(), "median"), lr, new ThresholdSpec("recall", 0.5));

        assertThat(chosen.foldThresholds()).hasSize(2);
        assertThat(chosen.threshold()).isBetween(0.01, 0.3);
        folded.unpersist();
    }
}
