package io.trainyard.training.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.spec.Task;
import io.trainyard.features.testing.SparkSessionExtension;
import io.trainyard.training.model.ModelFamily;
import io.trainyard.training.spec.CvSpec;
import io.trainyard.training.spec.SelectionMetric;
import java.util.List;
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

/** Metrics we compute ourselves, against values worked out by hand. */
@ExtendWith(SparkSessionExtension.class)
class TaskMetricsTest {
    private final SparkSession spark;

    TaskMetricsTest(SparkSession spark) {
        this.spark = spark;
    }

    @Test
    void multiclassScoresMatchTheHandComputedValues() {
        // actual a: 3 rows, 2 right, 1 predicted b; actual b: 2 rows, both right; actual c: 1 row, predicted a
        long[][] confusion = {{2, 1, 0}, {0, 2, 0}, {1, 0, 0}};
        MulticlassScores s = MulticlassScores.of(List.of("a", "b", "c"), confusion, -3.0);
        // a: precision 2/3, recall 2/3, F1 2/3; b: precision 2/3, recall 1, F1 0.8; c: F1 0
        assertThat(s.accuracy()).isCloseTo(4.0 / 6, within(1e-12));
        assertThat(s.macroF1()).isCloseTo((2.0 / 3 + 0.8 + 0) / 3, within(1e-12));
        assertThat(s.weightedF1()).isCloseTo((3 * 2.0 / 3 + 2 * 0.8) / 6, within(1e-12));
        assertThat(s.logLoss()).isCloseTo(0.5, within(1e-12));
        assertThat(s.asMap()).containsOnlyKeys("log-loss", "accuracy", "macro-f1", "weighted-f1");
    }

    @Test
    void regressionScoresMatchTheHandComputedValues() {
        // actual 1, 2, 4; predicted 2, 2, 2: errors 1, 0, -2
        RegressionScores s = RegressionScores.of(3, 1 + 0 + 4, 1 + 0 + 2, 1.0 + 0 + 0.5, 3, 7, 1 + 4 + 16);
        assertThat(s.rmse()).isCloseTo(Math.sqrt(5.0 / 3), within(1e-12));
        assertThat(s.mae()).isCloseTo(1.0, within(1e-12));
        assertThat(s.mape()).isCloseTo(50.0, within(1e-12));
        // mean 7/3, total sum of squares 21 - 49/3 = 14/3, R² = 1 - 5 / (14/3)
        assertThat(s.r2()).isCloseTo(1 - 15.0 / 14, within(1e-12));
    }

    @Test
    void sparkEvaluationsAgreeWithTheArithmetic() {
        StructType schema = new StructType().add(DatasetSchema.LABEL, DataTypes.DoubleType)
                .add(ModelFamily.PREDICTION, DataTypes.DoubleType)
                .add(ModelFamily.PROBABILITY, SQLDataTypes.VectorType());
        Dataset<Row> rows = spark.createDataFrame(List.of(
                RowFactory.create(0.0, 0.0, Vectors.dense(0.5, 0.25, 0.25)),
                RowFactory.create(1.0, 1.0, Vectors.dense(0.25, 0.5, 0.25)),
                RowFactory.create(2.0, 0.0, Vectors.dense(0.5, 0.25, 0.25)),
                RowFactory.create(2.0, 2.0, Vectors.dense(0.0, 0.0, 1.0))), schema);
        MulticlassScores m = MulticlassMetrics.evaluate(rows, List.of("x", "y", "z"));
        assertThat(m.confusion()).isEqualTo(new long[][] {{1, 0, 0}, {0, 1, 0}, {1, 0, 1}});
        assertThat(m.logLoss()).isCloseTo(-(Math.log(0.5) * 2 + Math.log(0.25)) / 4, within(1e-12));

        RegressionScores r = RegressionMetrics.evaluate(rows);
        // predictions 0, 1, 0, 2 against 0, 1, 2, 2: one error of -2
        assertThat(r.rmse()).isCloseTo(1.0, within(1e-12));
        assertThat(r.mae()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void aMetricOfAnotherTaskIsRefusedWithTheValidOnes() {
        assertThatThrownBy(() -> new CvSpec(3, true, "auc").forTask(Task.REGRESSION))
                .hasMessage("metric 'auc' does not apply to task regression; use one of rmse, mae, mape, r2");
        assertThat(CvSpec.defaults().forTask(Task.MULTICLASS).selectionMetric()).isEqualTo(SelectionMetric.MACRO_F1);
        assertThat(CvSpec.defaults().forTask(Task.REGRESSION).selectionMetric()).isEqualTo(SelectionMetric.RMSE);
        assertThatThrownBy(() -> new CvSpec(3, true, null, "time", null))
                .hasMessageContaining("strategy: time needs time-column");
    }
}
