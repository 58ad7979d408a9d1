package io.trainyard.features.load;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
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
 * What the rows to score hold, measured by aggregates that ride along with the scoring job
 * ({@code Dataset.observe}) or run as one aggregation before it: rows, missing values and text
 * in numeric columns, missing and unseen categories, rows with any of these ("invalid"), and the
 * drift-profile bin counts. One set of expressions, so both ways count alike.
 */
public final class InputAudit {
    /** Column added by {@link #prepare}: true when a row has a missing, unparsable or unseen feature value. */
    public static final String INVALID = "_trainyard_invalid";
    private static final String BIN = "_trainyard_bin_";

    /**
     * What the audit found.
     *
     * @param rows input rows
     * @param missing per feature column, rows where it is null (or NaN)
     * @param unparsable per numeric column read as text, values that are not numbers
     * @param examples per numeric column read as text, one value that is not a number
     * @param unseen per categorical column, values not seen in training
     * @param unseenExamples per categorical column with unseen values, one of them
     * @param invalidRows rows with at least one of the above
     * @param bins per profiled feature, the row count of every drift bin
     */
    public record Findings(long rows, Map<String, Long> missing, Map<String, Long> unparsable,
                           Map<String, String> examples, Map<String, Long> unseen, Map<String, String> unseenExamples, long invalidRows,
                           Map<String, long[]> bins) {
    }

    private record Metric(String kind, String column, int bin) {
    }

    private final DatasetSchema schema;
    private final Map<String, List<String>> known;
    private final List<DriftProfile.Feature> profiled;
    private final List<Metric> keys = new ArrayList<>();
    private final List<Column> metrics = new ArrayList<>();
    private final Dataset<Row> prepared;

    /**
     * @param raw the rows to score, as read
     * @param schema the model's input schema
     * @param known per categorical column, the categories seen in training (empty: not checked)
     * @param profile the bundle's drift profile, or null
     */
    public InputAudit(Dataset<Row> raw, DatasetSchema schema, Map<String, List<String>> known, DriftProfile profile) {
        this.schema = schema;
        this.known = known;
        this.profiled = profile == null ? List.of() : profile.features().stream()
                .filter(f -> schema.numeric().contains(f.name()) || schema.categorical().contains(f.name())).toList();
        this.prepared = prepare(raw);
    }

    /**
     * The raw rows with the audit's helper columns added (the drift bins and {@link #INVALID});
     * {@link DatasetLoader#typed} drops them again.
     */
    public Dataset<Row> prepared() {
        return prepared;
    }

    private Dataset<Row> prepare(Dataset<Row> raw) {
        List<Column> invalid = new ArrayList<>();
        add(new Metric("rows", null, 0), count(lit(1)));
        for (String column : schema.numeric()) {
            Column rawValue = col(ColumnProfile.quote(column));
            Column missing = raw.schema().apply(column).dataType() instanceof NumericType
                    ? rawValue.isNull().or(isnan(rawValue.cast("double"))) : rawValue.isNull();
            add(new Metric("missing", column, 0), flagCount(missing));
            invalid.add(missing);
            if (raw.schema().apply(column).dataType() instanceof StringType) {
                Column bad = rawValue.isNotNull().and(DatasetLoader.numericValue(raw, column).isNull());
                add(new Metric("unparsable", column, 0), flagCount(bad));
                add(new Metric("example", column, 0), min(when(bad, rawValue)));
                invalid.add(bad);
            }
        }
        for (String column : schema.categorical()) {
            Column value = col(ColumnProfile.quote(column)).cast("string");
            add(new Metric("missing", column, 0), flagCount(value.isNull()));
            invalid.add(value.isNull());
            List<String> categories = known.getOrDefault(column, List.of());
            if (!categories.isEmpty()) {
                Column unseen = value.isNotNull().and(value.isin(categories.toArray()).unary_$bang());
                add(new Metric("unseen", column, 0), flagCount(unseen));
                add(new Metric("unseen-example", column, 0), min(when(unseen, value)));
                invalid.add(unseen);
            }
        }
        Column anyInvalid = invalid.stream().reduce(Column::or).orElse(lit(false));
        add(new Metric("invalid", null, 0), flagCount(col(INVALID)));

        List<Column> columns = new ArrayList<>(List.of(col("*")));
        for (int f = 0; f < profiled.size(); f++) {
            DriftProfile.Feature feature = profiled.get(f);
            Column value = schema.numeric().contains(feature.name()) ? DatasetLoader.numericValue(raw, feature.name())
                    : col(ColumnProfile.quote(feature.name())).cast("string");
            columns.add(FeatureBins.binOf(feature, value).as(BIN + f));
            List<Column> counts = FeatureBins.counts(col(BIN + f), feature.bins());
            for (int b = 0; b < counts.size(); b++) {
                add(new Metric("bin", feature.name(), b), counts.get(b));
            }
        }
        columns.add(anyInvalid.as(INVALID));
        return raw.select(columns.toArray(new Column[0]));
    }

    /** The aggregates over {@link #prepared()} rows, named. */
    public Column[] metrics() {
        return metrics.toArray(new Column[0]);
    }

    /** Runs the audit as one aggregation job. */
    public Findings aggregate() {
        Column[] all = metrics();
        Row row = prepared.agg(all[0], java.util.Arrays.copyOfRange(all, 1, all.length)).first();
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < all.length; i++) {
            values.put(name(i), row.get(i));
        }
        return read(values);
    }

    /** Reads observed or aggregated metric values by name. */
    public Findings read(Map<String, ?> values) {
        long rows = 0;
        long invalidRows = 0;
        Map<String, Long> missing = new LinkedHashMap<>();
        Map<String, Long> unparsable = new LinkedHashMap<>();
        Map<String, String> examples = new LinkedHashMap<>();
        Map<String, Long> unseen = new LinkedHashMap<>();
        Map<String, String> unseenExamples = new LinkedHashMap<>();
        Map<String, long[]> bins = new LinkedHashMap<>();
        profiled.forEach(f -> bins.put(f.name(), new long[f.bins()]));
        for (int i = 0; i < keys.size(); i++) {
            Metric key = keys.get(i);
            Object value = values.get(name(i));
            switch (key.kind()) {
                case "rows" -> rows = asLong(value);
                case "invalid" -> invalidRows = asLong(value);
                case "missing" -> missing.put(key.column(), asLong(value));
                case "unparsable" -> unparsable.put(key.column(), asLong(value));
                case "example" -> examples.put(key.column(), value == null ? null : value.toString());
                case "unseen" -> unseen.put(key.column(), asLong(value));
                case "unseen-example" -> unseenExamples.put(key.column(), value == null ? null : value.toString());
                default -> bins.get(key.column())[key.bin()] = asLong(value);
            }
        }
        return new Findings(rows, missing, unparsable, examples, unseen, unseenExamples, invalidRows, bins);
    }

    private void add(Metric key, Column aggregate) {
        keys.add(key);
        metrics.add(aggregate.as(name(metrics.size())));
    }

    private static String name(int index) {
        return "audit_" + index;
    }

    private static Column flagCount(Column flag) {
        return sum(when(flag, 1L).otherwise(0L));
    }

    private static long asLong(Object value) {
        return value == null ? 0L : ((Number) value).longValue();
    }
}
