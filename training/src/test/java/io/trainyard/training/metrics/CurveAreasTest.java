package io.trainyard.training.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.testing.SparkSessionExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The driver-side areas under the curves against hand-computed values and Spark's own class. */
@ExtendWith(SparkSessionExtension.class)
class CurveAreasTest {
    private final SparkSession spark;

    CurveAreasTest(SparkSession spark) {
        this.spark = spark;
    }

    @Test
    void areasMatchTheHandComputedValues() {
        // scores 0.9 (pos), 0.8 (neg), 0.8 (pos), 0.3 (neg): thresholds 0.9, 0.8, 0.3
        // ROC (0,0) (0,.5) (.5,1) (1,1): area 0 + .5*(.5+1)/2 + .5*(1+1)/2 = 0.875
        // PR (0,1) (.5,1) (1,2/3) (1,.5): area .5*1 + .5*(1+2/3)/2 + 0 = 0.5 + 5/12
        double[] areas = new CurveAreas(new long[] {1, 1, 0}, new long[] {0, 1, 1}).areas();
        assertThat(areas[0]).isCloseTo(0.875, within(1e-15));
        assertThat(areas[1]).isCloseTo(0.5 + 5.0 / 12, within(1e-15));
    }

    @Test
    void drivenTableAndSparksClassAgreeWithTiesAndAtTheEdges() {
        Random random = new Random(11);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            boolean positive = random.nextDouble() < 0.2;
            // three decimals: many ties, as trees give
            double score = Math.round(((positive ? 0.3 : 0.0) + random.nextDouble() * 0.7) * 1000) / 1000.0;
            rows.add(RowFactory.create(score, positive ? 1.0 : 0.0));
        }
        Dataset<Row> scored = frame(rows);
        assertThat(CurveAreas.areas(scored, rows.size())[0]).isBetween(0.7, 0.9);   // a real, imperfect ranking
        assertAgree(scored);
        assertAgree(frame(List.of(RowFactory.create(0.4, 1.0), RowFactory.create(0.7, 1.0))));   // no negatives
        assertAgree(frame(List.of(RowFactory.create(0.4, 0.0), RowFactory.create(0.4, 0.0))));   // no positives, one score
        assertAgree(frame(List.of(RowFactory.create(0.5, 1.0), RowFactory.create(0.5, 0.0))));   // one tie
    }

    @Test
    void thinnedCurvesArePointsOfSparksCurvesWithTheEndPoints() {
        Random random = new Random(5);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            boolean positive = random.nextDouble() < 0.3;
            rows.add(RowFactory.create(Math.round(((positive ? 0.2 : 0.0) + random.nextDouble() * 0.8) * 500) / 500.0,
                    positive ? 1.0 : 0.0));
        }
        Dataset<Row> scored = frame(rows);
        List<List<double[]>> curves = CurveAreas.of(scored).thinned(10);
        List<double[]> roc = curves.get(0);
        assertThat(roc.get(0)).containsExactly(0.0, 0.0);
        assertThat(roc.get(roc.size() - 1)).containsExactly(1.0, 1.0);
        assertThat(roc.size()).isBetween(10, 14);
        BinaryClassificationMetrics spark = new BinaryClassificationMetrics(BinaryMetrics.pairs(scored).rdd(), 0);
        List<String> sparkRoc = spark.roc().toJavaRDD().collect().stream().map(t -> key((Double) t._1(), (Double) t._2()))
                .toList();
        List<String> sparkPr = spark.pr().toJavaRDD().collect().stream().map(t -> key((Double) t._1(), (Double) t._2()))
                .toList();
        roc.forEach(p -> assertThat(sparkRoc).contains(key(p[0], p[1])));
        curves.get(1).forEach(p -> assertThat(sparkPr).contains(key(p[0], p[1])));
        for (int i = 1; i < roc.size(); i++) {
            assertThat(roc.get(i)[0]).isGreaterThanOrEqualTo(roc.get(i - 1)[0]);
        }
    }

    private static String key(double x, double y) {
        return String.format(java.util.Locale.ROOT, "%.9f,%.9f", x, y);
    }

    private void assertAgree(Dataset<Row> scored) {
        long rows = scored.count();
        BinaryClassificationMetrics spark = new BinaryClassificationMetrics(BinaryMetrics.pairs(scored).rdd(), 0);
        double[] driver = CurveAreas.areas(scored, rows);
        double[] distributed = CurveAreas.areas(scored, rows, rows - 1);
        assertThat(driver[0]).isCloseTo(spark.areaUnderROC(), within(1e-12));
        assertThat(driver[1]).isCloseTo(spark.areaUnderPR(), within(1e-12));
        assertThat(distributed[0]).isCloseTo(spark.areaUnderROC(), within(1e-12));
        assertThat(distributed[1]).isCloseTo(spark.areaUnderPR(), within(1e-12));
    }

    private Dataset<Row> frame(List<Row> rows) {
        StructType schema = new StructType().add(BinaryMetrics.SCORE, DataTypes.DoubleType)
                .add(DatasetSchema.LABEL, DataTypes.DoubleType);
        return spark.createDataFrame(rows, schema).repartition(3);
    }
}
