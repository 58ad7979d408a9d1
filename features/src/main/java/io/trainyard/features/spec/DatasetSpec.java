package io.trainyard.features.spec;

import java.util.List;

/**
 * Everything needed to load a labelled dataset and build its features.
 *
 * @param data where the data lives
 * @param label the target
 * @param idColumns columns that identify a row; carried into scored output, never used as features
 * @param features the feature columns
 */
public record DatasetSpec(DataSource data, LabelSpec label, List<String> idColumns, FeatureColumns features) {
    public DatasetSpec {
        if (data == null) {
            throw new IllegalArgumentException("data is required");
        }
        if (label == null) {
            throw new IllegalArgumentException("label is required");
        }
        idColumns = idColumns == null ? List.of() : List.copyOf(idColumns);
        features = features == null ? FeatureColumns.inferred() : features;
        if (idColumns.contains(label.column())) {
            throw new IllegalArgumentException("the label column '" + label.column() + "' cannot be an id column");
        }
    }
}
