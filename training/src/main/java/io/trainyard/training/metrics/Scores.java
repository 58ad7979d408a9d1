package io.trainyard.training.metrics;

import io.trainyard.features.spec.Task;
import io.trainyard.training.spec.SelectionMetric;
import java.util.LinkedHashMap;
import java.util.Map;

/** The metrics of one evaluation (a fold or the holdout), whatever the task. */
public sealed interface Scores permits BinaryScores, MulticlassScores, RegressionScores, RecommendationScores {
    /** Rows evaluated. */
    long rows();

    /** The value of a metric of this task; an {@link IllegalArgumentException} for another task's. */
    double get(SelectionMetric metric);

    /** The task these scores are of. */
    Task task();

    /** Every metric by its config name, in a stable order, for logs, summaries and JSON. */
    default Map<String, Double> asMap() {
        Map<String, Double> values = new LinkedHashMap<>();
        for (SelectionMetric metric : SelectionMetric.of(task())) {
            values.put(metric.key(), get(metric));
        }
        return values;
    }
}
