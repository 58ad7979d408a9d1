package io.trainyard.features.spec;

/**
 * The target of a supervised task.
 *
 * @param column the label column
 * @param positive for binary classification: the value of the positive class as text ({@code yes},
 *     {@code 1}, {@code true}); when absent, {@code 1} or {@code true} if the label holds those
 */
public record LabelSpec(String column, String positive) {
    public LabelSpec {
        if (column == null || column.isBlank()) {
            throw new IllegalArgumentException("a column is required, e.g. column: churn");
        }
    }
}
