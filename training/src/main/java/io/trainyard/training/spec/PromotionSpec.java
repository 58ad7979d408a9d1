package io.trainyard.training.spec;

/**
 * The gates a challenger must pass to become champion, both measured on the same holdout rows.
 *
 * @param metric the metric compared; by default the config's CV selection metric
 * @param min absolute floor of the challenger's holdout metric (a ceiling for log-loss); none by default
 * @param minGain minimum improvement over the champion (0.0 by default: at least as good); negative
 *     values tolerate a small regression
 */
public record PromotionSpec(String metric, Double min, Double minGain) {
    public PromotionSpec {
        minGain = minGain == null ? 0.0 : minGain;
        if (metric != null) {
            SelectionMetric.of(metric);
        }
    }

    public static PromotionSpec defaults() {
        return new PromotionSpec(null, null, null);
    }

    /** The metric compared: this spec's, else {@code fallback} (the CV selection metric). */
    public PromotionSpec withDefaultMetric(SelectionMetric fallback) {
        return metric != null ? this : new PromotionSpec(fallback.key(), min, minGain);
    }

    public SelectionMetric selectionMetric() {
        return metric == null ? SelectionMetric.AUC : SelectionMetric.of(metric);
    }
}
