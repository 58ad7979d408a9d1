package io.trainyard.serving.bundle;

import java.util.List;

/**
 * {@code recommendation.json} of a recommendation bundle: what {@code score} needs beside the
 * fitted ALS pipeline. Users seen in training get the model's top N; users it has never seen (cold
 * start) get the {@code popular} items instead, in order, minus what their input rows show they rated.
 *
 * @param userColumn the user column of the training data (and of scoring input)
 * @param itemColumn the item column
 * @param topN items recommended per user
 * @param popular the cold-start fallback: items by the share of training users who rated them
 *     relevant (at least {@code relevant-min}, or at all when unset), most popular first
 */
public record RecommendationPolicy(String userColumn, String itemColumn, int topN, List<PopularItem> popular) {
    public static final String FILE = "recommendation.json";

    public RecommendationPolicy {
        popular = popular == null ? List.of() : List.copyOf(popular);
    }

    /**
     * One fallback item.
     *
     * @param item the item id, as text
     * @param score share of training users who rated it relevant, 0 to 1
     */
    public record PopularItem(String item, double score) {
    }
}
