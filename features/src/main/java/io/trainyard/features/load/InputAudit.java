package io.trainyard.features.load;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.trainyard.features.drift.DriftProfile;
import io.trainyard.features.drift.FeatureBins;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;

/**
 * What the rows to score hold, measured in one aggregation job before anything is written: rows,
 * missing values and text in numeric columns, missing and unseen categories, rows with any of
 * these ("invalid"), and the drift-profile bin counts.
 *
 * <p>Every row is projected to one small integer key per thing it counts: one per feature for its
 * drift bin, one per flag (or -1 when not set), counted by {@link FeatureBins#countKeys}.
 */
public final class InputAudit {
    /** Column added to {@link #prepared()} rows: true when a row has a missing, unparsable or unseen feature value. */
    public static final String INVALID = "_trainyard_invalid";
    private static final int ROWS = 0;
    /** The key of a flag a row does not set: not counted. */
    private static final int NOT_COUNTED = FeatureBins.NOT_COUNTED;

    /**
     * What the audit found.
     *
     * @param rows input rows
     * @param missing per feature column, rows where it is null (or NaN)
     * @param unparsable per numeric column read as text, values that are not numbers
     * @param unseen per categorical column, values not seen in training
     * @param invalidRows rows with at least one of the above
     * @param bins per profiled feature, the row count of every drift bin
     */
    public record Findings(long rows, Map<String, Long> missing, Map<String, Long> unparsable,
                           Map<String, Long> unseen, long invalidRows, Map<String, long[]> bins) {
    }

    /** A counted flag: its key, what it counts, of which column, and the row test. */
    private record Flag(int key, String kind, String column, Column test) {
    }

    private final List<Flag> flags = new ArrayList<>();
    private final List<DriftProfile.Feature> profiled;
    private final Map<String, Integer> binBase = new LinkedHashMap<>();
    private final List<Column> keys = new ArrayList<>();
    private final Dataset<Row> prepared;
    /** The key of a row with any invalid value: the one past the flags and the drift bins. */
    private final int invalidKey;

    /**
     * @param raw the rows to score, as read
     * @param schema the model's input schema
     * @param known per categorical column, the categories seen in training (empty: not checked)
     * @param profile the bundle's drift profile, or null
     */
    public InputAudit(Dataset<Row> raw, DatasetSchema schema, Map<String, List<String>> known, DriftProfile profile) {
        this.profiled = profile == null ? List.of() : profile.features().stream()
                .filter(f -> schema.numeric().contains(f.name()) || schema.categorical().contains(f.name())).toList();
        List<Column> invalid = new ArrayList<>();
        for (String column : schema.numeric()) {
            Column value = col(Columns.quote(column));
            Column missing = raw.schema().apply(column).dataType() instanceof NumericType
                    ? value.isNull().or(isnan(value.cast("double"))) : value.isNull();
            invalid.add(flag("missing", column, missing));
            if (raw.schema().apply(column).dataType() instanceof StringType) {
                invalid.add(flag("unparsable", column,
                        value.isNotNull().and(DatasetLoader.numericValue(raw, column).isNull())));
            }
        }
        for (String column : schema.categorical()) {
            Column value = col(Columns.quote(column)).cast("string");
            invalid.add(flag("missing", column, value.isNull()));
            List<String> categories = known.getOrDefault(column, List.of());
            if (!categories.isEmpty()) {
                invalid.add(flag("unseen", column, value.isNotNull().and(value.isin(categories.toArray()).unary_$bang())));
            }
        }
        Column anyInvalid = invalid.stream().reduce(Column::or).orElse(lit(false));
        flags.forEach(f -> keys.add(when(f.test(), f.key()).otherwise(NOT_COUNTED)));
        int next = flags.size() + 1;
        for (DriftProfile.Feature feature : profiled) {
            binBase.put(feature.name(), next);
            Column value = schema.numeric().contains(feature.name()) ? DatasetLoader.numericValue(raw, feature.name())
                    : col(Columns.quote(feature.name())).cast("string");
            keys.add(FeatureBins.binOf(feature, value).plus(next));
            next += feature.bins();
        }
        this.invalidKey = next;
        keys.add(when(col(INVALID), invalidKey).otherwise(NOT_COUNTED));
        this.prepared = raw.withColumn(INVALID, anyInvalid);
    }

    private Column flag(String kind, String column, Column test) {
        flags.add(new Flag(flags.size() + 1, kind, column, test));
        return test;
    }

    /** The raw rows with {@link #INVALID} added; {@link DatasetLoader#typed} drops it again. */
    public Dataset<Row> prepared() {
        return prepared;
    }

    /** Runs the audit: one Spark job ({@link FeatureBins#countKeys}). */
    public Findings aggregate() {
        return findings(FeatureBins.countKeys(prepared, keys, invalidKey + 1));
    }

    /** What the counters say: the audit's findings from {@link FeatureBins#countKeys}. */
    public Findings findings(long[] counts) {
        Map<String, Long> missing = new LinkedHashMap<>();
        Map<String, Long> unparsable = new LinkedHashMap<>();
        Map<String, Long> unseen = new LinkedHashMap<>();
        for (Flag flag : flags) {
            long count = counts[flag.key()];
            switch (flag.kind()) {
                case "missing" -> missing.put(flag.column(), count);
                case "unparsable" -> unparsable.put(flag.column(), count);
                default -> unseen.put(flag.column(), count);
            }
        }
        Map<String, long[]> bins = new LinkedHashMap<>();
        for (DriftProfile.Feature feature : profiled) {
            long[] histogram = new long[feature.bins()];
            for (int b = 0; b < histogram.length; b++) {
                histogram[b] = counts[binBase.get(feature.name()) + b];
            }
            bins.put(feature.name(), histogram);
        }
        return new Findings(counts[ROWS], missing, unparsable, unseen, counts[invalidKey], bins);
    }

    /**
     * One value of {@code column} that the audit counted as {@code kind} ({@code unparsable} or
     * {@code unseen}), for an error message: a small job, run only when the input is refused.
     */
    public String example(String kind, String column) {
        return flags.stream().filter(f -> f.kind().equals(kind) && f.column().equals(column)).findFirst()
                .map(f -> prepared.filter(f.test()).select(col(Columns.quote(column)).cast("string"))
                        .limit(1).collectAsList())
                .filter(rows -> !rows.isEmpty()).map(rows -> rows.get(0).getString(0)).orElse(null);
    }
}
