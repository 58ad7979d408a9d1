package io.trainyard.training.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.trainyard.features.load.DatasetSchema;
import io.trainyard.training.model.ModelFamily;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Computes {@link BinaryScores} from a model's predictions: one aggregate for the counts and the
 * log-loss, and the exact areas under the curves ({@link CurveAreas}, as Spark's
 * {@link BinaryClassificationMetrics} with no binning).
 */
public final class BinaryMetrics {
    /** Column holding the positive-class probability in {@link #scored(Dataset)}. */
    public static final String SCORE = "_score";
    private static final double EPSILON = 1e-15;

    private BinaryMetrics() {
    }

    /** The positive-class probability of a prediction frame, and the label. */
    public static Dataset<Row> scored(Dataset<Row> predictions) {
        return predictions.select(positiveProbability(col(ModelFamily.PROBABILITY)).as(SCORE),
                col(DatasetSchema.LABEL), col(ModelFamily.PREDICTION));
    }

    public static Column positiveProbability(Column probabilityVector) {
        return org.apache.spark.ml.functions.vector_to_array(probabilityVector, "float64").getItem(1);
    }

    /** Evaluates predictions (label, probability vector, prediction). Caches the scores while it works. */
    public static BinaryScores evaluate(Dataset<Row> predictions) {
        return evaluateCaching(scored(predictions));
    }

    /** {@link #evaluateScored}, the scores cached while it reads them (several Spark jobs). */
    public static BinaryScores evaluateCaching(Dataset<Row> scored) {
        Dataset<Row> cached = scored.cache();
        try {
            return evaluateScored(cached);
        } finally {
            cached.unpersist();
        }
    }

    /** Evaluates a frame already holding {@link #SCORE}, the label and the prediction. */
    public static BinaryScores evaluateScored(Dataset<Row> scored) {
        Column y = col(DatasetSchema.LABEL);
        Column predicted = col(ModelFamily.PREDICTION);
        Column p = least(greatest(col(SCORE), lit(EPSILON)), lit(1 - EPSILON));
        Row counts = scored.agg(count(lit(1)),
                sum(when(y.equalTo(1.0).and(predicted.equalTo(1.0)), 1).otherwise(0)),
                sum(when(y.equalTo(0.0).and(predicted.equalTo(1.0)), 1).otherwise(0)),
                sum(when(y.equalTo(0.0).and(predicted.equalTo(0.0)), 1).otherwise(0)),
                sum(when(y.equalTo(1.0).and(predicted.equalTo(0.0)), 1).otherwise(0)),
                sum(y.multiply(log(p)).plus(lit(1.0).minus(y).multiply(log(lit(1.0).minus(p))))))
                .first();
        long rows = counts.getLong(0);
        long tp = counts.getLong(1);
        long fp = counts.getLong(2);
        long tn = counts.getLong(3);
        long fn = counts.getLong(4);
        double logLoss = -counts.getDouble(5) / rows;

        double[] areas = CurveAreas.areas(scored, rows);
        double auc = areas[0];
        double prAuc = areas[1];

        double precision = tp + fp == 0 ? 0.0 : (double) tp / (tp + fp);
        double recall = tp + fn == 0 ? 0.0 : (double) tp / (tp + fn);
        double f1 = precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
        Map<String, Long> confusion = new LinkedHashMap<>();
        confusion.put("tp", tp);
        confusion.put("fp", fp);
        confusion.put("tn", tn);
        confusion.put("fn", fn);
        return new BinaryScores(rows, tp + fn, auc, prAuc, logLoss, (double) (tp + tn) / rows, precision, recall,
                f1, confusion);
    }

    /** (score, label) pairs as Spark's evaluation API wants them. */
    static JavaRDD<Tuple2<Object, Object>> pairs(Dataset<Row> scored) {
        return scored.select(SCORE, DatasetSchema.LABEL).toJavaRDD()
                .map(row -> new Tuple2<>(row.get(0), row.get(1)));
    }
}
