package io.trainyard.training.metrics;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;

import io.trainyard.features.load.DatasetSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * The points behind the evaluation plots: ROC and precision-recall curves (down-sampled to about
 * 200 thresholds: {@link CurveAreas}, or Spark's binned curves beyond its row bound) and a reliability diagram (10 equal-width probability bins).
 *
 * @param roc (false positive rate, true positive rate)
 * @param pr (recall, precision)
 * @param calibration (mean predicted probability, observed positive rate, rows) per non-empty bin
 */
public record Curves(List<double[]> roc, List<double[]> pr, List<double[]> calibration) {
    private static final int BINS = 200;
    private static final int CALIBRATION_BINS = 10;

    /** Computes the curves of a frame of {@code rows} rows with {@link BinaryMetrics#SCORE} and the label. */
    public static Curves of(Dataset<Row> scored, long rows) {
        List<double[]> roc;
        List<double[]> pr;
        if (rows <= CurveAreas.MAX_ROWS) {
            List<List<double[]>> curves = CurveAreas.of(scored).thinned(BINS);
            roc = curves.get(0);
            pr = curves.get(1);
        } else {
            BinaryClassificationMetrics metrics = new BinaryClassificationMetrics(BinaryMetrics.pairs(scored).rdd(), BINS);
            roc = points(metrics.roc().toJavaRDD().collect());
            pr = points(metrics.pr().toJavaRDD().collect());
            metrics.unpersist();
        }
        List<double[]> calibration = new ArrayList<>();
        List<Row> bins = scored
                .groupBy(least(floor(col(BinaryMetrics.SCORE).multiply(CALIBRATION_BINS)), lit(CALIBRATION_BINS - 1))
                        .as("bin"))
                .agg(avg(BinaryMetrics.SCORE), avg(DatasetSchema.LABEL), count(lit(1)))
                .orderBy("bin").collectAsList();
        for (Row bin : bins) {
            calibration.add(new double[] {bin.getDouble(1), bin.getDouble(2), bin.getLong(3)});
        }
        return new Curves(roc, pr, calibration);
    }

    private static List<double[]> points(List<Tuple2<Object, Object>> tuples) {
        List<double[]> points = new ArrayList<>(tuples.size());
        for (Tuple2<Object, Object> t : tuples) {
            points.add(new double[] {(Double) t._1(), (Double) t._2()});
        }
        return points;
    }
}
