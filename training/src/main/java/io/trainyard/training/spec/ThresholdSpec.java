package io.trainyard.training.spec;

import java.util.Locale;

/**
 * A decision threshold for a binary classifier, chosen on validation data to meet a target.
 *
 * @param target {@code precision} or {@code recall}
 * @param goal the value to reach, above 0 and at most 1
 */
public record ThresholdSpec(String target, Double goal) {
    public static final String PRECISION = "precision";
    public static final String RECALL = "recall";

    public ThresholdSpec {
        target = target == null ? null : target.toLowerCase(Locale.ROOT);
        if (!PRECISION.equals(target) && !RECALL.equals(target)) {
            throw new IllegalArgumentException("target must be precision or recall, found "
                    + (target == null ? "nothing" : "'" + target + "'"));
        }
        if (goal == null || !(goal > 0.0 && goal <= 1.0)) {
            throw new IllegalArgumentException("goal must be above 0 and at most 1, e.g. goal: 0.5; found " + goal);
        }
    }
}
