package io.trainyard.training.spec;

import io.trainyard.features.spec.Task;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The metric that ranks candidates, which way is better, and the tasks it applies to. */
public enum SelectionMetric {
    AUC("auc", true, EnumSet.of(Task.BINARY)),
    PR_AUC("pr-auc", true, EnumSet.of(Task.BINARY)),
    LOG_LOSS("log-loss", false, EnumSet.of(Task.BINARY, Task.MULTICLASS)),
    ACCURACY("accuracy", true, EnumSet.of(Task.BINARY, Task.MULTICLASS)),
    F1("f1", true, EnumSet.of(Task.BINARY)),
    MACRO_F1("macro-f1", true, EnumSet.of(Task.MULTICLASS)),
    WEIGHTED_F1("weighted-f1", true, EnumSet.of(Task.MULTICLASS)),
    RMSE("rmse", false, EnumSet.of(Task.REGRESSION, Task.RECOMMENDATION)),
    MAE("mae", false, EnumSet.of(Task.REGRESSION)),
    MAPE("mape", false, EnumSet.of(Task.REGRESSION)),
    R2("r2", true, EnumSet.of(Task.REGRESSION)),
    PRECISION_AT_K("precision-at-k", true, EnumSet.of(Task.RECOMMENDATION)),
    NDCG_AT_K("ndcg-at-k", true, EnumSet.of(Task.RECOMMENDATION));

    private final String key;
    private final boolean higherIsBetter;
    private final Set<Task> tasks;

    SelectionMetric(String key, boolean higherIsBetter, Set<Task> tasks) {
        this.key = key;
        this.higherIsBetter = higherIsBetter;
        this.tasks = tasks;
    }

    public String key() {
        return key;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    public boolean appliesTo(Task task) {
        return tasks.contains(task);
    }

    /** True when {@code candidate} beats {@code incumbent}. */
    public boolean better(double candidate, double incumbent) {
        return higherIsBetter ? candidate > incumbent : candidate < incumbent;
    }

    /** The metrics of a task, in a stable order. */
    public static List<SelectionMetric> of(Task task) {
        return Arrays.stream(values()).filter(m -> m.appliesTo(task)).toList();
    }

    /** The default selection metric of a task: auc, macro-f1, rmse (regression and recommendation). */
    public static SelectionMetric defaultFor(Task task) {
        return switch (task) {
            case BINARY -> AUC;
            case MULTICLASS -> MACRO_F1;
            case REGRESSION, RECOMMENDATION -> RMSE;
        };
    }

    public static SelectionMetric of(String key) {
        for (SelectionMetric metric : values()) {
            if (metric.key.equals(key)) {
                return metric;
            }
        }
        throw new IllegalArgumentException("metric must be one of "
                + Arrays.stream(values()).map(SelectionMetric::key).collect(Collectors.joining(", "))
                + "; found '" + key + "'");
    }

    /** This metric, checked against the task. */
    public SelectionMetric requireFor(Task task) {
        if (!appliesTo(task)) {
            throw new IllegalArgumentException("metric '" + key + "' does not apply to task " + task.key()
                    + "; use one of " + of(task).stream().map(SelectionMetric::key).collect(Collectors.joining(", ")));
        }
        return this;
    }
}
