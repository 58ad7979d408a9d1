package io.trainyard.features.load;

import io.trainyard.features.spec.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * The resolved shape of a dataset: which column plays which role, after inference.
 * This is what a model bundle's signature records and what scoring input is checked against.
 *
 * @param idColumns row identifiers, kept as strings
 * @param categorical categorical features, kept as strings
 * @param numeric numeric features, read as doubles
 * @param labelColumn the label column of the raw data
 * @param positiveClass the raw label value of the positive class
 * @param negativeClass the other raw label value, for reports
 * @param task binary, multi-class or regression
 * @param classes for classification, the raw label values in the order of their index in
 *     {@link #LABEL} (binary: negative, positive); empty for regression
 * @param timeColumn the time column of a time series, kept as {@link #TIME}; null otherwise
 * @param text free-text feature columns, kept as strings
 */
public record DatasetSchema(List<String> idColumns, List<String> categorical, List<String> numeric,
                            String labelColumn, String positiveClass, String negativeClass, Task task,
                            List<String> classes, String timeColumn, List<String> text) {
    /** Column of the label as a double (class index, or the value for regression), added to training data. */
    public static final String LABEL = "_label";
    /** Column of a time series' date, added to training data when there is a time column. */
    public static final String TIME = "_time";

    /** A binary schema. */
    public DatasetSchema(List<String> idColumns, List<String> categorical, List<String> numeric, String labelColumn,
                         String positiveClass, String negativeClass) {
        this(idColumns, categorical, numeric, labelColumn, positiveClass, negativeClass, Task.BINARY,
                positiveClass == null || negativeClass == null ? List.of() : List.of(negativeClass, positiveClass),
                null, List.of());
    }

    public DatasetSchema {
        idColumns = List.copyOf(idColumns);
        categorical = List.copyOf(categorical);
        numeric = List.copyOf(numeric);
        task = task == null ? Task.BINARY : task;
        classes = classes == null ? List.of() : List.copyOf(classes);
        text = text == null ? List.of() : List.copyOf(text);
    }

    /** Every column a scoring input must have: ids, then categorical, then numeric, then text. */
    public List<String> inputColumns() {
        List<String> columns = new ArrayList<>(idColumns);
        columns.addAll(featureColumns());
        return columns;
    }

    public List<String> featureColumns() {
        List<String> columns = new ArrayList<>(categorical);
        columns.addAll(numeric);
        columns.addAll(text);
        return columns;
    }
}
