package io.trainyard.training.cv;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.trainyard.features.load.DatasetSchema;
import io.trainyard.training.metrics.BinaryMetrics;
import io.trainyard.training.metrics.DecisionThreshold;
import io.trainyard.training.metrics.Evaluations;
import io.trainyard.training.model.Candidate;
import io.trainyard.training.spec.ThresholdSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Chooses a binary decision threshold on validation data: the winning candidate is refitted on
 * each fold's training rows, and on the fold's validation rows the threshold meeting the target is
 * read off the precision and recall curves (up to 1,000 thresholds). The threshold is the mean of
 * the folds'; the holdout never takes part in choosing it.
 */
public final class ThresholdSelection {
    private static final Logger LOG = LogManager.getLogger(ThresholdSelection.class);
    private static final int BINS = 1000;

    private ThresholdSelection() {
    }

    public static DecisionThreshold choose(Dataset<Row> folded, CrossValidation.FoldPlan plan,
                                           List<PipelineStage> featureStages, Candidate best, ThresholdSpec spec) {
        double[] thresholds = new double[plan.folds()];
        Dataset<Row> cached = folded.cache();
        try {
            for (int fold = 0; fold < plan.folds(); fold++) {
                PipelineModel model = best.fit(featureStages, cached.filter(plan.training(fold)));
                Dataset<Row> scored = Evaluations.binaryScored(model, cached.filter(plan.validation(fold)));
                thresholds[fold] = threshold(scored, spec);
            }
        } finally {
            cached.unpersist();
        }
        double mean = Arrays.stream(thresholds).average().orElseThrow();
        LOG.info("decision threshold for {} >= {}: {} (folds: {})", spec.target(), spec.goal(), mean,
                Arrays.toString(thresholds));
        return new DecisionThreshold(spec.target(), spec.goal(), mean, thresholds, Double.NaN, Double.NaN);
    }

    /** One fold's threshold: highest meeting a recall goal, lowest meeting a precision goal. */
    static double threshold(Dataset<Row> scored, ThresholdSpec spec) {
        BinaryClassificationMetrics metrics = new BinaryClassificationMetrics(
                scored.select(BinaryMetrics.SCORE, DatasetSchema.LABEL).toJavaRDD()
                        .map(row -> new Tuple2<Object, Object>(row.get(0), row.get(1))).rdd(), BINS);
        Map<Double, Double> precision = new HashMap<>();
        for (Tuple2<Object, Object> point : metrics.precisionByThreshold().toJavaRDD().collect()) {
            precision.put((Double) point._1(), (Double) point._2());
        }
        List<double[]> curve = new ArrayList<>();
        for (Tuple2<Object, Object> point : metrics.recallByThreshold().toJavaRDD().collect()) {
            double t = (Double) point._1();
            curve.add(new double[] {t, precision.getOrDefault(t, 0.0), (Double) point._2()});
        }
        metrics.unpersist();
        return pick(curve, spec);
    }

    /** From (threshold, precision, recall) points; when no point meets the goal, the one closest to it. */
    static double pick(List<double[]> curve, ThresholdSpec spec) {
        boolean recall = ThresholdSpec.RECALL.equals(spec.target());
        double chosen = Double.NaN;
        double closest = Double.NaN;
        double bestValue = -1;
        for (double[] p : curve) {
            double value = recall ? p[2] : p[1];
            if (value >= spec.goal() && (Double.isNaN(chosen) || (recall ? p[0] > chosen : p[0] < chosen))) {
                chosen = p[0];
            }
            if (value > bestValue) {
                bestValue = value;
                closest = p[0];
            }
        }
        return Double.isNaN(chosen) ? closest : chosen;
    }

    /** Precision and recall of {@code scored} at {@code threshold}: one aggregate. */
    public static double[] precisionRecall(Dataset<Row> scored, double threshold) {
        long[] counts = confusion(scored, threshold);
        long tp = counts[0];
        long predicted = counts[0] + counts[1];
        long positives = counts[0] + counts[3];
        return new double[] {predicted == 0 ? 0.0 : (double) tp / predicted, positives == 0 ? 0.0 : (double) tp / positives};
    }

    /** True positives, false positives, true negatives and false negatives at {@code threshold}, in one pass. */
    public static long[] confusion(Dataset<Row> scored, double threshold) {
        Column positive = col(BinaryMetrics.SCORE).geq(threshold);
        Column actual = col(DatasetSchema.LABEL).equalTo(1.0);
        Row row = scored.agg(count(lit(1)), sum(when(positive.and(actual), 1).otherwise(0)),
                sum(when(positive, 1).otherwise(0)), sum(when(actual, 1).otherwise(0))).first();
        long rows = row.getLong(0);
        long tp = row.isNullAt(1) ? 0 : row.getLong(1);
        long predicted = row.isNullAt(2) ? 0 : row.getLong(2);
        long positives = row.isNullAt(3) ? 0 : row.getLong(3);
        return new long[] {tp, predicted - tp, rows - predicted - (positives - tp), positives - tp};
    }
}
