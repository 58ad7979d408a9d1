package io.trainyard.training.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.trainyard.features.load.DatasetSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The ROC and precision-recall curves with every distinct score a threshold, and the exact areas
 * under them, as Spark's {@link BinaryClassificationMetrics} defines them: the ROC from (0, 0) to
 * (1, 1), the precision-recall curve starting at (0, the first threshold's precision), a rate with
 * an empty denominator 0 and a precision with one 1, trapezoids in between.
 *
 * <p>Up to {@link #MAX_ROWS} rows, the distinct scores with their positive and negative counts are
 * collected (one Spark job) and swept on the driver; Spark's class needs five jobs for the same
 * numbers (a sampled range partitioning, a sort, cumulative counts, one pass per curve), which cost
 * a second in each fold of a cross-validation on a million rows. Larger frames go to Spark's class,
 * which keeps the table distributed.
 *
 * @param roc (false positive rate, true positive rate) per threshold, highest score first, without the end points
 * @param pr (recall, precision) per threshold, highest score first
 */
record CurveAreas(List<double[]> roc, List<double[]> pr) {
    /** Rows up to which the table of distinct scores is swept on the driver (at most that many entries). */
    static final long MAX_ROWS = 2_000_000;

    /** {@code [area under ROC, area under PR]} of a frame with {@link BinaryMetrics#SCORE} and the label. */
    static double[] areas(Dataset<Row> scored, long rows) {
        return areas(scored, rows, MAX_ROWS);
    }

    /** As above, with Spark's class beyond {@code maxRows} rows. */
    static double[] areas(Dataset<Row> scored, long rows, long maxRows) {
        if (rows > maxRows) {
            BinaryClassificationMetrics metrics = new BinaryClassificationMetrics(BinaryMetrics.pairs(scored).rdd(), 0);
            try {
                return new double[] {metrics.areaUnderROC(), metrics.areaUnderPR()};
            } finally {
                metrics.unpersist();
            }
        }
        return of(scored).areas();
    }

    /** The curves of a frame of at most {@link #MAX_ROWS} rows: one Spark job. */
    static CurveAreas of(Dataset<Row> scored) {
        List<Row> table = new ArrayList<>(scored.groupBy(col(BinaryMetrics.SCORE))
                .agg(sum(when(col(DatasetSchema.LABEL).gt(0.5), 1L).otherwise(0L)), count(lit(1)))
                .collectAsList());
        table.sort(Comparator.comparingDouble((Row row) -> row.getDouble(0)).reversed());
        long[] pos = new long[table.size()];
        long[] neg = new long[table.size()];
        for (int i = 0; i < table.size(); i++) {
            pos[i] = table.get(i).getLong(1);
            neg[i] = table.get(i).getLong(2) - pos[i];
        }
        return of(pos, neg);
    }

    /** The curves from the positive and negative counts at each distinct score, highest score first. */
    static CurveAreas of(long[] pos, long[] neg) {
        double totalPos = 0;
        double totalNeg = 0;
        for (int i = 0; i < pos.length; i++) {
            totalPos += pos[i];
            totalNeg += neg[i];
        }
        List<double[]> roc = new ArrayList<>(pos.length);
        List<double[]> pr = new ArrayList<>(pos.length);
        double tp = 0;
        double fp = 0;
        for (int i = 0; i < pos.length; i++) {
            tp += pos[i];
            fp += neg[i];
            double tpr = totalPos == 0 ? 0.0 : tp / totalPos;
            roc.add(new double[] {totalNeg == 0 ? 0.0 : fp / totalNeg, tpr});
            pr.add(new double[] {tpr, tp + fp == 0 ? 1.0 : tp / (tp + fp)});
        }
        return new CurveAreas(roc, pr);
    }

    /** {@code [area under ROC, area under PR]}. */
    double[] areas() {
        double roc = 0;
        double[] last = {0, 0};
        for (double[] point : this.roc) {
            roc += (point[0] - last[0]) * (point[1] + last[1]) / 2.0;
            last = point;
        }
        roc += (1.0 - last[0]) * (1.0 + last[1]) / 2.0;
        double pr = 0;
        last = pr().isEmpty() ? null : new double[] {0.0, pr().get(0)[1]};
        for (double[] point : this.pr) {
            pr += (point[0] - last[0]) * (point[1] + last[1]) / 2.0;
            last = point;
        }
        return new double[] {roc, pr};
    }

    /** The ROC with its end points, then the precision-recall curve, each thinned to about {@code points} thresholds. */
    List<List<double[]>> thinned(int points) {
        int step = Math.max(1, roc.size() / points);
        List<double[]> rocPoints = new ArrayList<>();
        List<double[]> prPoints = new ArrayList<>();
        rocPoints.add(new double[] {0.0, 0.0});
        if (!pr.isEmpty()) {
            prPoints.add(new double[] {0.0, pr.get(0)[1]});
        }
        for (int i = step - 1; i < roc.size(); i += step) {
            rocPoints.add(roc.get(i));
            prPoints.add(pr.get(i));
        }
        if (!roc.isEmpty() && (roc.size() % step) != 0) {
            rocPoints.add(roc.get(roc.size() - 1));
            prPoints.add(pr.get(pr.size() - 1));
        }
        rocPoints.add(new double[] {1.0, 1.0});
        return List.of(rocPoints, prPoints);
    }
}
