package io.trainyard.features.spec;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which columns feed the model, and how.
 *
 * @param categorical string-like columns, indexed and (by default) one-hot encoded
 * @param numeric numeric columns; when absent, every remaining column whose values all parse as
 *     numbers (the rest become categorical)
 * @param exclude columns never used as features (leaky or useless ones)
 * @param missing what to do with missing numeric values: {@code median} or {@code mean} imputation
 *     fitted on the training rows, or {@code error}
 * @param time lag, rolling-window and calendar features of a time series, or null
 * @param text free-text columns and how they become term weights, or null
 * @param derived ratios, interactions and polynomial terms of numeric features (none by default)
 * @param categoricalEncoding {@code one-hot} (the default: one slot per category, for every model) or
 *     {@code index} (one slot holding the category's index, marked categorical, for models that split
 *     on categories themselves: xgboost)
 */
public record FeatureColumns(List<String> categorical, List<String> numeric, List<String> exclude, String missing,
                             TimeFeatures time, TextFeatures text, DerivedFeatures derived,
                             String categoricalEncoding) {
    public static final Set<String> MISSING_POLICIES = Set.of("median", "mean", "error");
    public static final String ONE_HOT = "one-hot";
    public static final String INDEX = "index";

    public FeatureColumns {
        categorical = categorical == null ? List.of() : List.copyOf(categorical);
        numeric = numeric == null ? null : List.copyOf(numeric);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        missing = missing == null ? "median" : missing.toLowerCase(Locale.ROOT);
        derived = derived == null ? DerivedFeatures.none() : derived;
        categoricalEncoding = categoricalEncoding == null ? ONE_HOT : categoricalEncoding.toLowerCase(Locale.ROOT);
        if (!Set.of(ONE_HOT, INDEX).contains(categoricalEncoding)) {
            throw new IllegalArgumentException("categorical-encoding must be one-hot or index; found '"
                    + categoricalEncoding + "'");
        }
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
                          TimeFeatures time, TextFeatures text, DerivedFeatures derived) {
        this(categorical, numeric, exclude, missing, time, text, derived, null);
    }

    /** Whether categories reach the model as indexes (one slot each) rather than one-hot slots. */
    public boolean indexesCategories() {
        return INDEX.equals(categoricalEncoding);
    }

    public FeatureColumns(List<String> categorical, List<String> numeric, List<String> exclude, String missing,
                          TimeFeatures time, TextFeatures text) {
        this(categorical, numeric, exclude, missing, time, text, null);
    }

    public static FeatureColumns inferred() {
        return new FeatureColumns(null, null, null, null, null, null, null, null);
    }

    /** The text columns, none when there is no text section. */
    public List<String> textColumns() {
        return text == null ? List.of() : text.columns();
    }

    public boolean infersNumeric() {
        return numeric == null;
    }
}
