package io.trainyard.training.spec;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The metric that ranks candidates, and which way is better. */
public enum SelectionMetric {
    AUC("auc", true),
    PR_AUC("pr-auc", true),
    LOG_LOSS("log-loss", false),
    ACCURACY("accuracy", true),
    F1("f1", true);

    private final String key;
    private final boolean higherIsBetter;

    SelectionMetric(String key, boolean higherIsBetter) {
        this.key = key;
        this.higherIsBetter = higherIsBetter;
    }

    public String key() {
        return key;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** True when {@code candidate} beats {@code incumbent}. */
    public boolean better(double candidate, double incumbent) {
        return higherIsBetter ? candidate > incumbent : candidate < incumbent;
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
}
