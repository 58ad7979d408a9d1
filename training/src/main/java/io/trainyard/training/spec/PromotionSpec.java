package io.trainyard.training.spec;

/**
 * The gates a challenger must pass to become champion, both measured on the same holdout rows.
 *
 * @param metric the metric compared ({@code auc} by default); any selection metric
 * @param min absolute floor of the challenger's holdout metric (a ceiling for log-loss); none by default
 * @param minGain minimum improvement over the champion (0.0 by default: at least as good); negative
 *     values tolerate a small regression
 */
public record PromotionSpec(String metric, Double min, Double minGain) {
    public PromotionSpec {
        metric = metric == null ? "auc" : metric;
        minGain = minGain == null ? 0.0 : minGain;
        SelectionMetric.of(metric);
    }

    public static PromotionSpec defaults() {
        return new PromotionSpec(null, null, null);
    }

    public SelectionMetric selectionMetric() {
        return SelectionMetric.of(metric);
    }
}
