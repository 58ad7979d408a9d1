package io.trainyard.features.load;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.trainyard.common.TrainyardException;
import io.trainyard.features.spec.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The per-column checks of a loaded dataset, each failing with one line that names the column and the fix. */
final class ColumnChecks {
    private ColumnChecks() {
    }

    static void numericLabel(String label, ColumnProfile.Stats stats, String path, Task task) {
        if (stats.unparsable() > 0) {
            throw TrainyardException.data("Label '" + label + "' in " + path + " must be numeric for task: " + task.key()
                    + " but holds text in " + stats.unparsable() + " rows (e.g. '" + stats.example() + "'); fix the"
                    + " data" + (task == Task.REGRESSION ? ", or set task: binary or multiclass for a categorical label"
                    : " upstream (ratings are numbers) or drop those rows"));
        }
        if (stats.missing() > 0) {
            throw TrainyardException.data("Label column '" + label + "' is empty in " + stats.missing() + " rows of "
                    + path + "; drop those rows upstream or fill them in");
        }
    }

    static Map<String, Long> missing(List<String> numeric, ColumnProfile profile, String policy,
                                                  String path) {
        Map<String, Long> missing = new LinkedHashMap<>();
        for (String column : numeric) {
            long count = profile.of(column).missing();
            if (count == profile.rows()) {
                throw TrainyardException.data("Column '" + column + "' in " + path
                        + " has no values at all; list it under features.exclude");
            }
            if (count > 0) {
                missing.put(column, count);
                if ("error".equals(policy)) {
                    throw TrainyardException.data("Column '" + column + "' in " + path + " is missing in " + count
                            + " rows and features.missing is 'error'; set features.missing: median (or mean) to impute");
                }
            }
        }
        return missing;
    }

    static TrainyardException notNumeric(String column, ColumnProfile.Stats stats, String path) {
        return TrainyardException.data("Column '" + column + "' in " + path + " must be numeric but holds text in "
                + stats.unparsable() + " rows (e.g. '" + stats.example() + "'); fix the data or list the column"
                + " under features.categorical");
    }

    /**
     * Fails when a column is empty (null or blank) in any row: one Spark job, only when there are columns.
     *
     * @param kind how the message names the columns: {@code Text}, {@code Interaction}
     */
    static void nonEmpty(Dataset<Row> typed, List<String> columns, String path, String kind) {
        if (columns.isEmpty()) {
            return;
        }
        List<Column> counts = new ArrayList<>();
        for (String column : columns) {
            Column value = col(Columns.quote(column));
            counts.add(sum(when(value.isNull().or(trim(value).equalTo("")), 1).otherwise(0)));
        }
        Row row = typed.agg(counts.get(0), counts.subList(1, counts.size()).toArray(new Column[0])).first();
        for (int i = 0; i < columns.size(); i++) {
            long empty = row.isNullAt(i) ? 0 : row.getLong(i);
            if (empty > 0) {
                throw TrainyardException.data(kind + " column '" + columns.get(i) + "' in " + path + " is empty in "
                        + empty + " rows; drop those rows upstream or fill them in (a model cannot read nothing)");
            }
        }
    }
}
