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
 * @param pos positives at each distinct score, highest score first
 * @param neg negatives at each distinct score, highest score first
 */
record CurveAreas(long[] pos, long[] neg) {
    /** Rows up to which the table of distinct scores is swept on the driver (at most that many entries). */
    static final long MAX_ROWS = 1_000_000;

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
        return new CurveAreas(pos, neg);
    }

    /** Visits each threshold, highest score first: the true and false positive rates and the precision there. */
    private interface Sweep {
        void point(int index, double tpr, double fpr, double precision);
    }

    private void sweep(Sweep sweep) {
        double totalPos = 0;
        double totalNeg = 0;
        for (int i = 0; i < pos.length; i++) {
            totalPos += pos[i];
            totalNeg += neg[i];
        }
        double tp = 0;
        double fp = 0;
        for (int i = 0; i < pos.length; i++) {
            tp += pos[i];
            fp += neg[i];
            sweep.point(i, totalPos == 0 ? 0.0 : tp / totalPos, totalNeg == 0 ? 0.0 : fp / totalNeg,
                    tp + fp == 0 ? 1.0 : tp / (tp + fp));
        }
    }

    /** {@code [area under ROC, area under PR]}. */
    double[] areas() {
        // {roc, pr, last fpr, last tpr, last precision}
        double[] at = new double[5];
        sweep((i, tpr, fpr, precision) -> {
            if (i == 0) {
                at[4] = precision;
            }
            at[0] += (fpr - at[2]) * (tpr + at[3]) / 2.0;
            at[1] += (tpr - at[3]) * (precision + at[4]) / 2.0;
            at[2] = fpr;
            at[3] = tpr;
            at[4] = precision;
        });
        at[0] += (1.0 - at[2]) * (1.0 + at[3]) / 2.0;
        return new double[] {at[0], at[1]};
    }

    /** The ROC with its end points, then the precision-recall curve, each thinned to about {@code points} thresholds. */
    List<List<double[]>> thinned(int points) {
        int n = pos.length;
        int step = Math.max(1, n / points);
        List<double[]> roc = new ArrayList<>();
        List<double[]> pr = new ArrayList<>();
        roc.add(new double[] {0.0, 0.0});
        sweep((i, tpr, fpr, precision) -> {
            if (i == 0) {
                pr.add(new double[] {0.0, precision});
            }
            if ((i + 1) % step == 0 || i == n - 1) {
                roc.add(new double[] {fpr, tpr});
                pr.add(new double[] {tpr, precision});
            }
        });
        roc.add(new double[] {1.0, 1.0});
        return List.of(roc, pr);
    }
}
