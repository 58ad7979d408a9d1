package io.trainyard.training.metrics;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;

import io.trainyard.features.load.Columns;
import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.pipeline.FeaturePipeline;
import io.trainyard.features.spec.RecommendationSpec;
import io.trainyard.training.model.ModelFamily;
import org.apache.spark.ml.evaluation.RankingEvaluator;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Evaluates a fitted ALS model on held-out interactions. Ratings: RMSE and MAE over held-out
 * interactions whose user and item the model knows. Ranking: for every known user with at least
 * one relevant held-out interaction, the model's top k among the items that user did <em>not</em>
 * rate in training, scored against the relevant held-out items with Spark's {@link RankingEvaluator}
 * (precision@k, NDCG@k with binary relevance). The seen-item exclusion and list assembly are ours,
 * and tested against a hand-worked example.
 */
public final class RecommendationMetrics {
    /** Column of a recommendation's score in {@link #ranking}'s input. */
    public static final String SCORE = "_score";
    private static final String PREDICTED = "_predicted";
    private static final String RELEVANT = "_relevant";

    private RecommendationMetrics() {
    }

    /**
     * @param train the interactions the model was fitted on ({@link FeaturePipeline#USER}, {@link FeaturePipeline#ITEM})
     * @param valid the held-out interactions (the same columns and {@link DatasetSchema#LABEL})
     */
    public static RecommendationScores evaluate(ALSModel model, Dataset<Row> train, Dataset<Row> valid,
                                                RecommendationSpec spec) {
        Dataset<Row> rated = model.transform(valid)
                .withColumn(ModelFamily.PREDICTION, col(ModelFamily.PREDICTION).cast("double"));
        RegressionScores ratings = RegressionMetrics.evaluate(rated);
        Dataset<Row> relevant = relevant(valid, spec);
        Dataset<Row> users = relevant.select(FeaturePipeline.USER).distinct()
                .join(model.userFactors().select(col("id").as(FeaturePipeline.USER)), FeaturePipeline.USER);
        Dataset<Row> seen = train.select(ints(FeaturePipeline.USER), ints(FeaturePipeline.ITEM));
        int maxSeen = maxSeen(seen, users);
        Dataset<Row> recommended = model.recommendForUserSubset(users, spec.k() + maxSeen)
                .select(col(FeaturePipeline.USER), posexplode(col("recommendations")))
                .select(col(FeaturePipeline.USER), col("col." + FeaturePipeline.ITEM).as(FeaturePipeline.ITEM),
                        col("col.rating").cast("double").as(SCORE));
        double[] ranking = ranking(recommended, seen, relevant.join(users, FeaturePipeline.USER), spec.k());
        return new RecommendationScores(ratings, spec.k(), (long) ranking[2], ranking[0], ranking[1]);
    }

    /**
     * The baselines ALS must beat, on the same held-out interactions and the same ranked users:
     * every rating predicted as the training mean (RMSE, MAE over the interactions whose user and
     * item training saw), and every user offered the items most training users rated relevant,
     * minus those they rated (precision@k, NDCG@k): the popularity list cold-start users get.
     *
     * @param train the training interactions (indexed {@link FeaturePipeline#USER}, {@link FeaturePipeline#ITEM}, label)
     * @param valid the held-out interactions, the same columns
     */
    public static RecommendationScores baseline(Dataset<Row> train, Dataset<Row> valid, RecommendationSpec spec) {
        Dataset<Row> interactions = train.select(ints(FeaturePipeline.USER), ints(FeaturePipeline.ITEM),
                col(DatasetSchema.LABEL).cast("double").as(DatasetSchema.LABEL));
        double mean = interactions.agg(avg(col(DatasetSchema.LABEL))).first().getDouble(0);
        Dataset<Row> knownUsers = interactions.select(FeaturePipeline.USER).distinct();
        Dataset<Row> knownItems = interactions.select(FeaturePipeline.ITEM).distinct();
        RegressionScores ratings = RegressionMetrics.evaluate(valid.select(ints(FeaturePipeline.USER),
                        ints(FeaturePipeline.ITEM), col(DatasetSchema.LABEL).cast("double").as(DatasetSchema.LABEL))
                .join(knownUsers, FeaturePipeline.USER).join(knownItems, FeaturePipeline.ITEM)
                .withColumn(ModelFamily.PREDICTION, lit(mean)));
        Dataset<Row> relevant = relevant(valid, spec);
        Dataset<Row> users = relevant.select(FeaturePipeline.USER).distinct().join(knownUsers, FeaturePipeline.USER);
        Dataset<Row> seen = interactions.select(FeaturePipeline.USER, FeaturePipeline.ITEM);
        Dataset<Row> liked = spec.relevantMin() == null ? interactions
                : interactions.filter(col(DatasetSchema.LABEL).geq(spec.relevantMin()));
        Dataset<Row> popular = liked.groupBy(FeaturePipeline.ITEM)
                .agg(countDistinct(col(FeaturePipeline.USER)).cast("double").as(SCORE))
                .orderBy(col(SCORE).desc(), col(FeaturePipeline.ITEM)).limit(spec.k() + maxSeen(seen, users));
        double[] ranking = ranking(users.crossJoin(popular), seen, relevant.join(users, FeaturePipeline.USER), spec.k());
        return new RecommendationScores(ratings, spec.k(), (long) ranking[2], ranking[0], ranking[1]);
    }

    /** The most items any of {@code users} rated in training: how far past k a list must reach to keep k unseen. */
    private static int maxSeen(Dataset<Row> seen, Dataset<Row> users) {
        Row most = seen.join(users, FeaturePipeline.USER).groupBy(FeaturePipeline.USER).count()
                .agg(max(col("count"))).first();
        return most.isNullAt(0) ? 0 : (int) most.getLong(0);
    }

    /** The held-out interactions that count as relevant: rated at least {@code relevant-min}, or all. */
    static Dataset<Row> relevant(Dataset<Row> valid, RecommendationSpec spec) {
        Dataset<Row> kept = spec.relevantMin() == null ? valid
                : valid.filter(col(DatasetSchema.LABEL).geq(spec.relevantMin()));
        return kept.select(ints(FeaturePipeline.USER), ints(FeaturePipeline.ITEM));
    }

    /**
     * Precision@k, NDCG@k and the number of users ranked, averaged over the users of {@code relevant}
     * (a user with relevant items but no recommendation scores 0).
     *
     * @param recommended (user, item, {@link #SCORE}) candidates, any number per user
     * @param seen (user, item) pairs each user rated in training: never recommended back
     * @param relevant (user, item) pairs to find
     */
    public static double[] ranking(Dataset<Row> recommended, Dataset<Row> seen, Dataset<Row> relevant, int k) {
        Column order = row_number().over(Window.partitionBy(col(FeaturePipeline.USER))
                .orderBy(col(SCORE).desc(), col(FeaturePipeline.ITEM)));
        Dataset<Row> top = recommended.select(ints(FeaturePipeline.USER), ints(FeaturePipeline.ITEM), col(SCORE))
                .join(seen, Columns.seq(FeaturePipeline.USER, FeaturePipeline.ITEM), "left_anti")
                .withColumn("_rank", order).filter(col("_rank").leq(k))
                .groupBy(FeaturePipeline.USER)
                .agg(collect_list(struct(col("_rank"), col(FeaturePipeline.ITEM).cast("double").as("item"))).as("_top"))
                .select(col(FeaturePipeline.USER), expr("transform(array_sort(_top), x -> x.item)").as(PREDICTED));
        Dataset<Row> truth = relevant.groupBy(FeaturePipeline.USER)
                .agg(collect_set(col(FeaturePipeline.ITEM).cast("double")).as(RELEVANT));
        Dataset<Row> lists = truth.join(top, Columns.seq(FeaturePipeline.USER), "left")
                .select(expr("coalesce(" + PREDICTED + ", cast(array() as array<double>))").as(PREDICTED),
                        col(RELEVANT)).cache();
        try {
            long users = lists.count();
            if (users == 0) {
                return new double[] {Double.NaN, Double.NaN, 0};
            }
            RankingEvaluator evaluator = new RankingEvaluator().setPredictionCol(PREDICTED).setLabelCol(RELEVANT).setK(k);
            return new double[] {evaluator.setMetricName("precisionAtK").evaluate(lists),
                evaluator.setMetricName("ndcgAtK").evaluate(lists), users};
        } finally {
            lists.unpersist();
        }
    }

    private static Column ints(String column) {
        return col(column).cast("int").as(column);
    }
}
