package io.trainyard.features.drift;

import java.util.List;

/**
 * {@code drift_profile.json}: how each feature was distributed in the training data, so that a
 * scoring job can tell how far its input has moved (population stability index) without reading
 * the training data again.
 *
 * <p>Every feature is cut into bins; {@code expected} holds the training share of each bin:
 * numeric features have bins {@code x < edges[0]}, {@code edges[i-1] <= x < edges[i]},
 * {@code x >= edges[last]}, then one bin for missing values; categorical features have one bin per
 * listed category (the most frequent in training), one for every other value, one for missing.
 *
 * @param rows training rows profiled
 * @param features one entry per profiled feature
 */
public record DriftProfile(long rows, List<Feature> features) {
    public static final String FILE = "drift_profile.json";
    public static final String NUMERIC = "numeric";
    public static final String CATEGORICAL = "categorical";

    public DriftProfile {
        features = List.copyOf(features);
    }

    /**
     * One feature's reference distribution.
     *
     * @param name column name
     * @param kind {@code numeric} or {@code categorical}
     * @param edges numeric: increasing bin edges (training quantiles); empty for categorical
     * @param categories categorical: the categories with a bin of their own; empty for numeric
     * @param expected the training share of every bin, as described on {@link DriftProfile}
     */
    public record Feature(String name, String kind, List<Double> edges, List<String> categories,
                          List<Double> expected) {
        public Feature {
            edges = edges == null ? List.of() : List.copyOf(edges);
            categories = categories == null ? List.of() : List.copyOf(categories);
            expected = List.copyOf(expected);
        }

        /** Bins including the missing-value bin. */
        public int bins() {
            return NUMERIC.equals(kind) ? edges.size() + 2 : categories.size() + 2;
        }
    }
}
