package io.trainyard.features.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Numeric features computed from other numeric features, declared in config and fitted into the
 * model's pipeline, so scoring recomputes them from the raw columns.
 *
 * @param ratios new columns {@code numerator / denominator} (missing when the denominator is 0),
 *     computed before imputation, so their gaps are imputed like any other
 * @param interactions products of two or more (imputed) numeric columns, e.g. {@code [[a, b]]}
 * @param polynomial all products of the listed (imputed) columns up to a degree, or null
 */
public record DerivedFeatures(List<Ratio> ratios, List<List<String>> interactions, Polynomial polynomial) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    public DerivedFeatures {
        ratios = ratios == null ? List.of() : List.copyOf(ratios);
        interactions = interactions == null ? List.of() : interactions.stream().map(List::copyOf).toList();
        Set<String> names = new HashSet<>();
        for (Ratio ratio : ratios) {
            if (!names.add(ratio.name())) {
                throw new IllegalArgumentException("ratio name '" + ratio.name() + "' is used twice; names must differ");
            }
        }
        for (List<String> product : interactions) {
            if (product.size() < 2) {
                throw new IllegalArgumentException("each interaction needs at least two columns, e.g. [[a, b]], found "
                        + product);
            }
        }
    }

    public static DerivedFeatures none() {
        return new DerivedFeatures(null, null, null);
    }

    /** Not a config key: ignored when the resolved config is written back as YAML (and read again). */
    @JsonIgnore
    public boolean isEmpty() {
        return ratios.isEmpty() && interactions.isEmpty() && polynomial == null;
    }

    /**
     * @param name the new column's name (letters, digits, {@code _}); must not be an input column
     * @param numerator a numeric feature
     * @param denominator a numeric feature
     */
    public record Ratio(String name, String numerator, String denominator) {
        public Ratio {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("a ratio needs a name of letters, digits and '_', e.g. name:"
                        + " charge_per_minute; found " + (name == null ? "nothing" : "'" + name + "'"));
            }
            if (numerator == null || denominator == null) {
                throw new IllegalArgumentException("ratio '" + name + "' needs a numerator and a denominator column");
            }
        }
    }

    /**
     * @param columns the numeric features to expand
     * @param degree the highest degree, 2 to 4 (2 by default); the degree-1 terms are included, as
     *     in Spark's {@code PolynomialExpansion}
     */
    public record Polynomial(List<String> columns, Integer degree) {
        public Polynomial {
            columns = columns == null ? List.of() : List.copyOf(columns);
            degree = degree == null ? 2 : degree;
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("polynomial needs columns, e.g. polynomial: {columns: [a, b], degree: 2}");
            }
            if (degree < 2 || degree > 4) {
                throw new IllegalArgumentException("polynomial degree must be 2 to 4, found " + degree);
            }
        }
    }
}
