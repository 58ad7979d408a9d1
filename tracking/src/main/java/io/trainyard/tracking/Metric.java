package io.trainyard.tracking;

/**
 * One metric value: per fold use {@code step} = fold index; holdout metrics use step 0.
 *
 * @param key       metric name
 * @param value     the value (NaN allowed)
 * @param timestamp epoch millis
 * @param step      step (fold, epoch…)
 */
public record Metric(String key, double value, long timestamp, long step) {

    public Metric {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("metric key must not be blank");
        }
    }

    /** A value at step 0, timestamped now. */
    public static Metric of(String key, double value) {
        return new Metric(key, value, System.currentTimeMillis(), 0);
    }

    /** A value at {@code step} (e.g. the fold index), timestamped now. */
    public static Metric atStep(String key, double value, long step) {
        return new Metric(key, value, System.currentTimeMillis(), step);
    }
}
