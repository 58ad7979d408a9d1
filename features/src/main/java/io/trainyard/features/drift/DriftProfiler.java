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
    /** Where the median sits in {@link #QUANTILES}. */
    public static final int MEDIAN = 4;
    /** Categories with a bin of their own; rarer ones share the "other" bin. */
    static final int MAX_CATEGORIES = 20;
    /** Spark's {@code approxQuantile} relative error, also Spark's {@code Imputer} default. */
    public static final double RELATIVE_ERROR = 0.001;

    private DriftProfiler() {
    }

    /**
     * @param rows the typed training rows (numeric features as doubles, categorical as strings)
     * @param numeric numeric feature columns
     * @param categories categorical feature columns with their categories, most frequent first
     */
    public static DriftProfile profile(Dataset<Row> rows, List<String> numeric, Map<String, List<String>> categories) {
        return profile(rows, numeric, deciles(rows, numeric), categories);
    }

    /**
     * The deciles of each numeric column ({@link #QUANTILES}, 0.5 the fifth), one Spark job: Spark's
     * {@code approxQuantile} at relative error 0.001, the same summary and error as Spark's median
     * {@code Imputer}, so the fifth is the median that imputer would compute on the same rows.
     */
    public static double[][] deciles(Dataset<Row> rows, List<String> numeric) {
        return numeric.isEmpty() ? new double[0][]
                : rows.stat().approxQuantile(numeric.toArray(new String[0]), QUANTILES, RELATIVE_ERROR);
    }

    /** As above, with the numeric columns' {@link #deciles} already computed on {@code rows}. */
    public static DriftProfile profile(Dataset<Row> rows, List<String> numeric, double[][] quantiles,
                                       Map<String, List<String>> categories) {
        List<DriftProfile.Feature> draft = new ArrayList<>();
        if (!numeric.isEmpty()) {
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
