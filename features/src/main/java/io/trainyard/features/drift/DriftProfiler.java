package io.trainyard.features.drift;

import static org.apache.spark.sql.functions.col;
import static io.trainyard.features.load.Columns.quote;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds a bundle's {@link DriftProfile} from the training rows: numeric features cut at their
 * deciles, categorical features by their most frequent categories. Two Spark jobs whatever the
 * number of features: one for the quantiles, one for the bin counts.
 */
public final class DriftProfiler {
    /** Decile edges: ten bins of about equal training share. */
    static final double[] QUANTILES = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
    /** Categories with a bin of their own; rarer ones share the "other" bin. */
    static final int MAX_CATEGORIES = 20;
    private static final double RELATIVE_ERROR = 0.001;

    private DriftProfiler() {
    }

    /**
     * @param rows the typed training rows (numeric features as doubles, categorical as strings)
     * @param numeric numeric feature columns
     * @param categories categorical feature columns with their categories, most frequent first
     */
    public static DriftProfile profile(Dataset<Row> rows, List<String> numeric, Map<String, List<String>> categories) {
        List<DriftProfile.Feature> draft = new ArrayList<>();
        if (!numeric.isEmpty()) {
            double[][] quantiles = rows.stat().approxQuantile(numeric.toArray(new String[0]), QUANTILES, RELATIVE_ERROR);
            for (int i = 0; i < numeric.size(); i++) {
                TreeSet<Double> edges = new TreeSet<>();
                for (double q : quantiles[i]) {
                    if (!Double.isNaN(q)) {
                        edges.add(q);
                    }
                }
                draft.add(new DriftProfile.Feature(numeric.get(i), DriftProfile.NUMERIC, List.copyOf(edges), null,
                        List.of()));
            }
        }
        categories.forEach((name, values) -> draft.add(new DriftProfile.Feature(name, DriftProfile.CATEGORICAL, null,
                values.subList(0, Math.min(MAX_CATEGORIES, values.size())), List.of())));

        List<Column> keys = new ArrayList<>();
        int next = 1;
        for (DriftProfile.Feature feature : draft) {
            keys.add(FeatureBins.binOf(feature, col(quote(feature.name()))).plus(next));
            next += feature.bins();
        }
        long[] counts = FeatureBins.countKeys(rows, keys, next);
        long total = counts[0];
        List<DriftProfile.Feature> features = new ArrayList<>();
        int at = 1;
        for (DriftProfile.Feature feature : draft) {
            List<Double> expected = new ArrayList<>();
            for (int b = 0; b < feature.bins(); b++, at++) {
                expected.add(total == 0 ? 0.0 : counts[at] / (double) total);
            }
            features.add(new DriftProfile.Feature(feature.name(), feature.kind(), feature.edges(), feature.categories(),
                    expected));
        }
        return new DriftProfile(total, features);
    }
}
