package io.trainyard.training.model;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.pipeline.FeaturePipeline;
import io.trainyard.features.spec.Task;
import io.trainyard.features.testing.SparkSessionExtension;
import io.trainyard.training.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class WeightedLogisticRegressionTest {
    private static final ModelFamily.FamilyContext CONTEXT = new ModelFamily.FamilyContext(7L, 2, Task.BINARY);

    private final SparkSession spark;

    WeightedLogisticRegressionTest(SparkSession spark) {
        this.spark = spark;
    }

    @Test
    void balancedWeightsGiveEachClassTheSameTotalWeight() {
        // 3 negatives and 1 positive: n / (k x n_c) = 4 / 6 and 4 / 2; each class then weighs 2 in total
        double[] weights = WeightedLogisticRegression.balanced(Map.of(0, 3L, 1, 1L));
        assertThat(weights[0]).isCloseTo(4.0 / 6, within(1e-12));
        assertThat(weights[1]).isCloseTo(2.0, within(1e-12));
    }

    /** 1,000 seeded rows, 5% positive, one informative feature. */
    private Dataset<Row> imbalanced() {
        Random random = new Random(3);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            boolean positive = i % 20 == 0;
            double x = random.nextGaussian() + (positive ? 1.5 : 0.0);
            rows.add(RowFactory.create(Vectors.dense(x, random.nextGaussian()), positive ? 1.0 : 0.0));
        }
        return spark.createDataFrame(rows, new StructType().add(FeaturePipeline.FEATURES, SQLDataTypes.VectorType())
                .add(DatasetSchema.LABEL, DataTypes.DoubleType));
    }

    private long predictedPositives(String classWeight) {
        Candidate candidate = ModelCatalogue.candidates(List.of(new ModelSpec("logistic-regression",
                Map.of("class-weight", classWeight, "max-iter", 50), null)), CONTEXT).get(0);
        LogisticRegressionModel model = (LogisticRegressionModel) candidate.estimator().fit(imbalanced());
        return model.transform(imbalanced()).filter(col(ModelFamily.PREDICTION).equalTo(1.0)).count();
    }

    @Test
    void balancedClassWeightsMakeTheRareClassPredictedWhereUnweightedHardlyEverIs() {
        long unweighted = predictedPositives("none");
        long balanced = predictedPositives("balanced");
        // unweighted, a 5% class under this much overlap is almost never the more likely one
        assertThat(unweighted).isLessThan(10);
        assertThat(balanced).isGreaterThan(100);
    }

    @Test
    void anUnknownClassWeightIsAConfigError() {
        assertThatThrownBy(() -> ModelCatalogue.candidates(List.of(new ModelSpec("logistic-regression",
                Map.of("class-weight", "heavy"), null)), CONTEXT))
                .hasMessageStartingWith("models[0].params.class-weight: value heavy is not valid for classWeight"
                        + " (class weights: none (every row weighs 1) or balanced");
    }
}
