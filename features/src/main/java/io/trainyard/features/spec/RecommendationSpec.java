package io.trainyard.features.spec;

/**
 * Collaborative filtering on (user, item, rating) interactions: which columns are which, and how
 * the top of each user's ranking is judged and delivered.
 *
 * @param userColumn the column identifying the user (any type; read as text)
 * @param itemColumn the column identifying the item (any type; read as text)
 * @param k the cut-off of the ranking metrics precision@k and NDCG@k (10 by default)
 * @param relevantMin a held-out interaction counts as relevant for the ranking metrics when its
 *     rating is at least this; when absent, every held-out interaction is relevant
 * @param topN items recommended per user by {@code score} (10 by default)
 */
public record RecommendationSpec(String userColumn, String itemColumn, Integer k, Double relevantMin,
                                 Integer topN) {
    public RecommendationSpec {
        if (userColumn == null || userColumn.isBlank() || itemColumn == null || itemColumn.isBlank()) {
            throw new IllegalArgumentException("user-column and item-column are required, e.g."
                    + " {user-column: student_id, item-column: lecturer_id}");
        }
        if (userColumn.equals(itemColumn)) {
            throw new IllegalArgumentException("user-column and item-column must differ, both are '" + userColumn + "'");
        }
        k = k == null ? 10 : k;
        topN = topN == null ? 10 : topN;
        if (k < 1 || k > 1000 || topN < 1 || topN > 1000) {
            throw new IllegalArgumentException("k and top-n must be between 1 and 1000, found " + k + " and " + topN);
        }
    }
}
