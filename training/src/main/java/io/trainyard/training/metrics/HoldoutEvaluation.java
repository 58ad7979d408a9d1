package io.trainyard.training.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;

import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.spec.RecommendationSpec;
import io.trainyard.features.time.TimeSeriesFeatures;
import io.trainyard.training.model.ModelFamily;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The refitted model's one evaluation on the holdout, with what its plots need: the binary curves,
 * or for regression a sample of (actual, predicted, day) points, and for a time series the
 * seasonal-naive baseline's scores on the same rows.
 *
 * @param scores the task's metrics
 * @param curves ROC, precision-recall and calibration points (binary only, else null)
 * @param points up to {@link #MAX_POINTS} (actual, predicted, day number or row) triples (regression only, else empty)
 * @param baseline the seasonal-naive baseline's scores on the holdout (time series), the mean-rating and
 *     popularity baselines' (recommendation), else null
 */
public record HoldoutEvaluation(Scores scores, Curves curves, List<double[]> points, Scores baseline) {
    /** Points kept for the regression plots. */
    public static final int MAX_POINTS = 3000;

    /** Evaluates {@code predictions}: the model's output on the holdout rows. Caches them while it works. */
    public static HoldoutEvaluation of(DatasetSchema schema, Dataset<Row> predictions) {
        Dataset<Row> cached = predictions.cache();
        try {
            return switch (schema.task()) {
                case BINARY -> binaryScored(BinaryMetrics.scored(cached));
                case MULTICLASS -> new HoldoutEvaluation(MulticlassMetrics.evaluate(cached, schema.classes()), null,
                        List.of(), null);
                case REGRESSION -> regression(cached);
                case RECOMMENDATION -> throw new IllegalArgumentException(
                        "a recommendation is evaluated with its training interactions: use recommendation(...)");
            };
        } finally {
            cached.unpersist();
        }
    }

    /** A binary model's holdout evaluation from its {@link BinaryMetrics#scored} rows (best cached: read several times). */
    public static HoldoutEvaluation binaryScored(Dataset<Row> scored) {
        BinaryScores scores = BinaryMetrics.evaluateScored(scored);
        return new HoldoutEvaluation(scores, Curves.of(scored, scores.rows()), List.of(), null);
    }

    /**
     * A recommender's holdout evaluation (ratings and top-k ranking), with (actual, predicted) rating
     * points for the plots, and the mean-rating and popularity baselines on the same rows.
     *
     * @param model the fitted pipeline (indexers, then ALS)
     * @param train the rows it was fitted on
     * @param holdout the held-out interactions
     */
    public static HoldoutEvaluation recommendation(PipelineModel model, Dataset<Row> train, Dataset<Row> holdout,
                                                   RecommendationSpec spec) {
        RecommendationScores scores = (RecommendationScores) Evaluations.recommendation(spec)
                .evaluate(model, train, holdout);
        Dataset<Row> rated = model.transform(holdout)
                .withColumn(ModelFamily.PREDICTION, col(ModelFamily.PREDICTION).cast("double"));
        RecommendationScores baseline = RecommendationMetrics.baseline(Evaluations.prepared(model, train),
                Evaluations.prepared(model, holdout), spec);
        return new HoldoutEvaluation(scores, null, points(rated, lit(0.0), scores.rows()), baseline);
    }

    private static HoldoutEvaluation regression(Dataset<Row> predictions) {
        RegressionScores scores = RegressionMetrics.evaluate(predictions);
        boolean timed = Arrays.asList(predictions.columns()).contains(DatasetSchema.TIME);
        Scores baseline = Arrays.asList(predictions.columns()).contains(TimeSeriesFeatures.BASELINE)
                ? RegressionMetrics.evaluate(predictions, TimeSeriesFeatures.BASELINE) : null;
        Column order = timed ? datediff(col(DatasetSchema.TIME), lit("1970-01-01")).cast("double") : lit(0.0);
        return new HoldoutEvaluation(scores, null, points(predictions, order, scores.rows()), baseline);
    }

    /** Up to {@link #MAX_POINTS} (actual, predicted, order) triples, a seeded sample, in {@code order}. */
    private static List<double[]> points(Dataset<Row> predictions, Column order, long rows) {
        double fraction = Math.min(1.0, (double) MAX_POINTS / Math.max(1, rows));
        Dataset<Row> sample = fraction < 1.0 ? predictions.sample(false, fraction, 7L) : predictions;
        List<double[]> points = new ArrayList<>();
        for (Row row : sample.select(col(DatasetSchema.LABEL), col(ModelFamily.PREDICTION), order.as("order"))
                .orderBy("order").collectAsList()) {
            points.add(new double[] {row.getDouble(0), row.getDouble(1), row.getDouble(2)});
        }
        return points;
    }
}
