package io.trainyard.training.spec;

/**
 * How rows are split into training and holdout.
 *
 * @param holdoutFraction share of rows held out for the final, untouched evaluation (0.2 by default)
 * @param seed seed of the row hash that assigns splits and folds; the same rows always land in the
 *     same split, whatever the partitioning, so re-runs and successive models share one holdout
 */
public record SplitSpec(Double holdoutFraction, Long seed) {
    public SplitSpec {
        holdoutFraction = holdoutFraction == null ? 0.2 : holdoutFraction;
        seed = seed == null ? 42L : seed;
        if (!(holdoutFraction > 0.0 && holdoutFraction < 0.9)) {
            throw new IllegalArgumentException("holdout-fraction must be above 0 and below 0.9, found " + holdoutFraction);
        }
    }

    public static SplitSpec defaults() {
        return new SplitSpec(null, null);
    }
}
