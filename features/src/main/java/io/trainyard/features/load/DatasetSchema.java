package io.trainyard.features.load;

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
 */
public record DatasetSchema(List<String> idColumns, List<String> categorical, List<String> numeric,
                            String labelColumn, String positiveClass, String negativeClass) {
    /** Column of the 0/1 label as a double, added to loaded training data. */
    public static final String LABEL = "_label";

    public DatasetSchema {
        idColumns = List.copyOf(idColumns);
        categorical = List.copyOf(categorical);
        numeric = List.copyOf(numeric);
    }

    /** Every column a scoring input must have: ids, then categorical, then numeric. */
    public List<String> inputColumns() {
        List<String> columns = new ArrayList<>(idColumns);
        columns.addAll(categorical);
        columns.addAll(numeric);
        return columns;
    }

    public List<String> featureColumns() {
        List<String> columns = new ArrayList<>(categorical);
        columns.addAll(numeric);
        return columns;
    }
}
