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
 * @param recommendation the user and item columns of a recommendation task (the label is the
 *     rating), or null for every other task
 */
public record DatasetSpec(DataSource data, LabelSpec label, List<String> idColumns, FeatureColumns features,
                          Task task, String timeColumn, RecommendationSpec recommendation) {
    public DatasetSpec(DataSource data, LabelSpec label, List<String> idColumns, FeatureColumns features) {
        this(data, label, idColumns, features, Task.BINARY, null, null);
    }

    public DatasetSpec(DataSource data, LabelSpec label, List<String> idColumns, FeatureColumns features,
                       Task task, String timeColumn) {
        this(data, label, idColumns, features, task, timeColumn, null);
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
        if (task == Task.RECOMMENDATION && recommendation == null) {
            throw new IllegalArgumentException("task recommendation needs a recommendation section naming the user and"
                    + " item columns, e.g. recommendation: {user-column: student_id, item-column: lecturer_id}");
        }
        if (task != Task.RECOMMENDATION && recommendation != null) {
            throw new IllegalArgumentException("the recommendation section applies to task recommendation only, found"
                    + " task " + task.key() + "; set task: recommendation or remove the section");
        }
        if (recommendation != null && !idColumns.isEmpty()) {
            throw new IllegalArgumentException("id-columns do not apply to task recommendation: the user and item columns"
                    + " identify an interaction; remove id-columns");
        }
        if (recommendation != null && (label.column().equals(recommendation.userColumn())
                || label.column().equals(recommendation.itemColumn()))) {
            throw new IllegalArgumentException("the rating column '" + label.column()
                    + "' cannot be the user or the item column");
        }
        if (idColumns.contains(label.column())) {
            throw new IllegalArgumentException("the label column '" + label.column() + "' cannot be an id column");
        }
    }
}
