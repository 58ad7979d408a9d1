package io.trainyard.features.load;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.trainyard.common.TrainyardException;
import io.trainyard.features.spec.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;

/**
 * How a raw label becomes {@link DatasetSchema#LABEL}: binary labels 0/1, multi-class labels the
 * index of their value in {@code classes} (numbers in numeric order, other values sorted as text),
 * regression labels their value.
 *
 * @param classes the label values by index; empty for regression
 * @param positive the positive class (binary only)
 * @param negative the negative class (binary only)
 * @param encoded the expression computing the encoded label from the raw column
 */
record LabelEncoding(List<String> classes, String positive, String negative, Column encoded) {
    /** More label values than this is not a classification problem (or the wrong column). */
    static final int MAX_CLASSES = 200;

    static LabelEncoding of(Task task, String label, String configuredPositive, Map<String, Long> counts) {
        Column raw = col(Columns.quote(label));
        return switch (task) {
            case BINARY -> {
                LabelClasses classes = LabelClasses.resolve(label, configuredPositive, counts);
                yield new LabelEncoding(List.of(classes.negative(), classes.positive()), classes.positive(),
                        classes.negative(), when(raw.cast("string").equalTo(classes.positive()), 1.0).otherwise(0.0));
            }
            case MULTICLASS -> multiclass(label, counts, raw);
            case REGRESSION, RECOMMENDATION -> new LabelEncoding(List.of(), null, null, ColumnProfile.asDouble(label));
        };
    }

    private static LabelEncoding multiclass(String label, Map<String, Long> counts, Column raw) {
        if (counts.size() < 2) {
            String only = counts.keySet().iterator().next();
            throw TrainyardException.data("Label '" + label + "' has one class only ('" + only + "' in "
                    + counts.get(only) + " rows); a classifier needs at least two: check the input or its filter");
        }
        if (counts.size() > MAX_CLASSES) {
            throw TrainyardException.data("Label '" + label + "' has more than " + MAX_CLASSES
                    + " values; multi-class classification needs fewer. Check label.column, or set task: regression"
                    + " for a numeric target");
        }
        List<String> classes = new ArrayList<>(counts.keySet());
        boolean numeric = classes.stream().allMatch(LabelEncoding::isNumber);
        classes.sort(numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder());
        Column values = array(classes.stream().map(org.apache.spark.sql.functions::lit).toArray(Column[]::new));
        Column index = array_position(values, raw.cast("string")).minus(lit(1)).cast("double");
        return new LabelEncoding(classes, null, null, index);
    }

    private static boolean isNumber(String value) {
        try {
            Double.parseDouble(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
