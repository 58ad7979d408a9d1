package io.trainyard.features.spec;

import java.util.List;

/**
 * Everything needed to load a labelled dataset and build its features.
 *
 * @param data where the data lives
 * @param label the target
 * @param idColumns columns that identify a row; carried into scored output, never used as features
 * @param features the feature columns
 * @param task what the label is: two classes, several classes, or a number
 * @param timeColumn the date column of a time series (ordered splits and time features), or null
 */
public record DatasetSpec(DataSource data, LabelSpec label, List<String> idColumns, FeatureColumns features,
                          Task task, String timeColumn) {
    public DatasetSpec(DataSource data, LabelSpec label, List<String> idColumns, FeatureColumns features) {
        this(data, label, idColumns, features, Task.BINARY, null);
    }

    public DatasetSpec {
        if (data == null) {
            throw new IllegalArgumentException("data is required");
        }
        if (label == null) {
            throw new IllegalArgumentException("label is required");
        }
        idColumns = idColumns == null ? List.of() : List.copyOf(idColumns);
        features = features == null ? FeatureColumns.inferred() : features;
        task = task == null ? Task.BINARY : task;
        if (features.time() != null && timeColumn == null) {
            throw new IllegalArgumentException("features.time needs a time column: set cv.time-column (and cv.strategy: time)");
        }
        if (idColumns.contains(label.column())) {
            throw new IllegalArgumentException("the label column '" + label.column() + "' cannot be an id column");
        }
    }
}
