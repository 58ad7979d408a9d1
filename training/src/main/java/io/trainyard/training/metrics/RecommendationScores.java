package io.trainyard.training.metrics;

import io.trainyard.features.spec.Task;
import io.trainyard.training.spec.SelectionMetric;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recommendation metrics of one evaluation: how well held-out ratings are predicted, and how well
 * each user's top k ranks the items they rated highly but the model never saw them rate.
 *
 * @param ratings RMSE, MAE etc. of the predicted ratings of held-out interactions whose user and
 *     item were both seen in training (cold-start rows are dropped, as ALS's {@code drop} does)
 * @param k the ranking cut-off
 * @param rankedUsers users with at least one relevant held-out interaction, seen in training: the
 *     users the ranking metrics average over
 * @param precisionAtK mean over ranked users of (relevant items in the top k) / k
 * @param ndcgAtK mean over ranked users of DCG@k / ideal DCG@k, binary relevance
 */
public record RecommendationScores(RegressionScores ratings, int k, long rankedUsers, double precisionAtK,
                                   double ndcgAtK) implements Scores {
    @Override
    public long rows() {
        return ratings.rows();
    }

    @Override
    public double get(SelectionMetric metric) {
        return switch (metric) {
            case RMSE -> ratings.rmse();
            case PRECISION_AT_K -> precisionAtK;
            case NDCG_AT_K -> ndcgAtK;
            default -> throw new IllegalArgumentException(metric.key() + " is not a recommendation metric");
        };
    }

    @Override
    public Task task() {
        return Task.RECOMMENDATION;
    }

    @Override
    public Map<String, Double> asMap() {
        Map<String, Double> values = new LinkedHashMap<>(Scores.super.asMap());
        values.put("mae", ratings.mae());
        return values;
    }
}
