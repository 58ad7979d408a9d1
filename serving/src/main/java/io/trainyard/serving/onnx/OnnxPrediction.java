package io.trainyard.serving.onnx;

/**
 * Scores of one batch, in instance order: a classifier's class indices and probabilities, a
 * regressor's values, or a recommender's top-N lists.
 *
 * @param labels the predicted class index per instance (for binary models 1 = the positive class);
 *     null unless a classifier
 * @param probabilities per instance, the probability of each class index; null unless a classifier
 * @param values the predicted number per instance; null unless a regressor
 * @param recommendations per instance (a user), the top-N items; null unless a recommender
 */
public record OnnxPrediction(long[] labels, double[][] probabilities, double[] values,
                             Recommendations recommendations) {
    /** A classifier's scores. */
    public OnnxPrediction(long[] labels, double[][] probabilities) {
        this(labels, probabilities, null, null);
    }

    /** A regressor's scores. */
    public static OnnxPrediction regression(double[] values) {
        return new OnnxPrediction(null, null, values, null);
    }

    /** A recommender's lists. */
    public static OnnxPrediction recommendation(Recommendations recommendations) {
        return new OnnxPrediction(null, null, null, recommendations);
    }

    public boolean regression() {
        return values != null;
    }

    public boolean recommendation() {
        return recommendations != null;
    }

    public int size() {
        return regression() ? values.length : recommendation() ? recommendations.sources().length : labels.length;
    }

    /**
     * Top-N lists of a batch of users, best first.
     *
     * @param items per user, the recommended items (fewer than N when the fallback list is shorter:
     *     the graph pads with empty items scored minus infinity, which are dropped here)
     * @param scores per user, each item's score (the predicted rating, or the popularity share)
     * @param sources per user, {@code model} (seen in training) or {@code popularity} (cold start)
     */
    public record Recommendations(String[][] items, double[][] scores, String[] sources) {
        /** Drops the padding (items scored minus infinity) of each list. */
        public static Recommendations of(String[][] items, double[][] scores, String[] sources) {
            String[][] keptItems = new String[items.length][];
            double[][] keptScores = new double[items.length][];
            for (int u = 0; u < items.length; u++) {
                int n = 0;
                while (n < scores[u].length && scores[u][n] != Double.NEGATIVE_INFINITY) {
                    n++;
                }
                keptItems[u] = java.util.Arrays.copyOf(items[u], n);
                keptScores[u] = java.util.Arrays.copyOf(scores[u], n);
            }
            return new Recommendations(keptItems, keptScores, sources);
        }
    }
}
