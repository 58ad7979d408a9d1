package io.trainyard.features.spec;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which columns feed the model, and how.
 *
 * @param categorical string-like columns, indexed and one-hot encoded
 * @param numeric numeric columns; when absent, every remaining column whose values all parse as
 *     numbers (the rest become categorical)
 * @param exclude columns never used as features (leaky or useless ones)
 * @param missing what to do with missing numeric values: {@code median} or {@code mean} imputation
 *     fitted on the training rows, or {@code error}
 * @param time lag, rolling-window and calendar features of a time series, or null
 * @param text free-text columns and how they become term weights, or null
 * @param derived ratios, interactions and polynomial terms of numeric features (none by default)
 */
public record FeatureColumns(List<String> categorical, List<String> numeric, List<String> exclude, String missing,
                             TimeFeatures time, TextFeatures text, DerivedFeatures derived) {
    public static final Set<String> MISSING_POLICIES = Set.of("median", "mean", "error");

    public FeatureColumns {
        categorical = categorical == null ? List.of() : List.copyOf(categorical);
        numeric = numeric == null ? null : List.copyOf(numeric);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        missing = missing == null ? "median" : missing.toLowerCase(Locale.ROOT);
        derived = derived == null ? DerivedFeatures.none() : derived;
        if (!MISSING_POLICIES.contains(missing)) {
            throw new IllegalArgumentException("missing must be one of median, mean, error; found '" + missing + "'");
        }
        if (text != null) {
            for (String column : text.columns()) {
                if (categorical.contains(column) || numeric != null && numeric.contains(column)) {
                    throw new IllegalArgumentException("column '" + column + "' is listed as text and as "
                            + (categorical.contains(column) ? "categorical" : "numeric") + "; keep one");
                }
            }
        }
        if (numeric != null) {
            for (String column : numeric) {
                if (categorical.contains(column)) {
                    throw new IllegalArgumentException(
                            "column '" + column + "' is listed as both categorical and numeric; keep one");
                }
            }
        }
    }

    public FeatureColumns(List<String> categorical, List<String> numeric, List<String> exclude, String missing) {
        this(categorical, numeric, exclude, missing, null, null, null);
    }

    public FeatureColumns(List<String> categorical, List<String> numeric, List<String> exclude, String missing,
                          TimeFeatures time, TextFeatures text) {
        this(categorical, numeric, exclude, missing, time, text, null);
    }

    public static FeatureColumns inferred() {
        return new FeatureColumns(null, null, null, null, null, null, null);
    }

    /** The text columns, none when there is no text section. */
    public List<String> textColumns() {
        return text == null ? List.of() : text.columns();
    }

    public boolean infersNumeric() {
        return numeric == null;
    }
}
