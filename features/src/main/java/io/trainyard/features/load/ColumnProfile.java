package io.trainyard.features.load;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;

/**
 * One pass over the data that counts, per would-be numeric column, the missing values and the
 * values that do not parse as numbers (with one example of such a value).
 */
final class ColumnProfile {
    /** What one column holds. */
    record Stats(long missing, long unparsable, String example) {
    }

    private final long rows;
    private final Map<String, Stats> stats;

    private ColumnProfile(long rows, Map<String, Stats> stats) {
        this.rows = rows;
        this.stats = stats;
    }

    long rows() {
        return rows;
    }

    Stats of(String column) {
        return stats.get(column);
    }

    /**
     * One Spark job of sums (Spark's fast hash aggregation), and a second one only when a text column
     * holds values that do not parse, for an example of each (a minimum over text needs Spark's slower
     * sort-based aggregation, so it stays out of the pass every load makes). Columns must be numeric,
     * boolean or string typed (checked by the caller).
     */
    static ColumnProfile of(Dataset<Row> raw, List<String> columns) {
        List<Column> aggregates = new ArrayList<>();
        aggregates.add(count(lit(1)));
        for (String name : columns) {
            Column c = col(Columns.quote(name));
            DataType type = raw.schema().apply(name).dataType();
            if (type instanceof StringType) {
                // text "NaN" reads as a NaN number: missing, as Spark's Imputer and the numeric branch take it
                aggregates.add(sum(when(c.isNull().or(isnan(asDouble(name))), 1).otherwise(0)));
                aggregates.add(sum(when(unparsable(name), 1).otherwise(0)));
            } else {
                Column missing = type instanceof NumericType ? c.isNull().or(isnan(c.cast("double"))) : c.isNull();
                aggregates.add(sum(when(missing, 1).otherwise(0)));
                aggregates.add(lit(0L));
            }
        }
        Row row = raw.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(new Column[0])).first();
        List<String> withText = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (longAt(row, 2 + 2 * i) > 0) {
                withText.add(columns.get(i));
            }
        }
        Map<String, String> examples = examples(raw, withText);
        Map<String, Stats> stats = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            int at = 1 + 2 * i;
            stats.put(columns.get(i), new Stats(longAt(row, at), longAt(row, at + 1), examples.get(columns.get(i))));
        }
        return new ColumnProfile(row.getLong(0), stats);
    }

    /** The smallest value that does not parse as a number, of each text column (one job; none for no column). */
    private static Map<String, String> examples(Dataset<Row> raw, List<String> columns) {
        Map<String, String> examples = new LinkedHashMap<>();
        if (columns.isEmpty()) {
            return examples;
        }
        Column[] minima = columns.stream().map(name -> min(when(unparsable(name), col(Columns.quote(name)))))
                .toArray(Column[]::new);
        Row row = raw.agg(minima[0], Arrays.copyOfRange(minima, 1, minima.length)).first();
        for (int i = 0; i < columns.size(); i++) {
            examples.put(columns.get(i), row.getString(i));
        }
        return examples;
    }

    private static Column unparsable(String name) {
        return col(Columns.quote(name)).isNotNull().and(asDouble(name).isNull());
    }

    /** Numeric, boolean and string columns can feed a numeric feature; dates, arrays etc. cannot. */
    static boolean numericCapable(DataType type) {
        return type instanceof NumericType || type instanceof BooleanType || type instanceof StringType;
    }

    /** The column as a double; text that does not parse becomes null (never an error, whatever ANSI mode says). */
    static Column asDouble(String name) {
        return org.apache.spark.sql.functions.expr("try_cast(" + Columns.quote(name) + " AS DOUBLE)");
    }

    private static long longAt(Row row, int i) {
        return row.isNullAt(i) ? 0L : ((Number) row.get(i)).longValue();
    }
}
