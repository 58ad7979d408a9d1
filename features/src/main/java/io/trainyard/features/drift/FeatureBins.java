package io.trainyard.features.drift;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * The bin of a feature value as a Spark expression, the same at training (to build the profile)
 * and at scoring (to compare with it), so both sides always count the same way.
 */
public final class FeatureBins {
    private FeatureBins() {
    }

    /**
     * The bin index of {@code value} (a double for numeric features, a string for categorical
     * ones): see {@link DriftProfile} for the layout; the last bin holds missing values.
     */
    public static Column binOf(DriftProfile.Feature feature, Column value) {
        int missing = feature.bins() - 1;
        if (DriftProfile.NUMERIC.equals(feature.kind())) {
            List<Double> edges = feature.edges();
            if (edges.isEmpty()) {
                return when(value.isNull().or(isnan(value)), missing).otherwise(0);
            }
            Column bin = when(value.isNull().or(isnan(value)), missing);
            for (int i = 0; i < edges.size(); i++) {
                bin = bin.when(value.lt(edges.get(i)), i);
            }
            return bin.otherwise(edges.size());
        }
        List<String> categories = feature.categories();
        if (categories.isEmpty()) {
            return when(value.isNull(), missing).otherwise(0);
        }
        List<Column> entries = new ArrayList<>();
        for (int i = 0; i < categories.size(); i++) {
            entries.add(lit(categories.get(i)));
            entries.add(lit(i));
        }
        Column index = element_at(map(entries.toArray(new Column[0])), value);
        return when(value.isNull(), missing).otherwise(coalesce(index, lit(categories.size())));
    }

    /** One aggregate per bin counting the rows whose {@code bin} column equals it. */
    public static List<Column> counts(Column bin, int bins) {
        List<Column> counts = new ArrayList<>(bins);
        for (int i = 0; i < bins; i++) {
            counts.add(sum(when(bin.equalTo(i), 1L).otherwise(0L)));
        }
        return counts;
    }
}
