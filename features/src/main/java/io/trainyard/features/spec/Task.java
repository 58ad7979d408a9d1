package io.trainyard.features.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a model predicts: one of two classes, one of several classes, a number, or (recommendation)
 * a user's rating of an item, from which the items each user is likeliest to rate highly are ranked.
 */
public enum Task {
    BINARY("binary"),
    MULTICLASS("multiclass"),
    REGRESSION("regression"),
    RECOMMENDATION("recommendation");

    private final String key;

    Task(String key) {
        this.key = key;
    }

    /** The config name: {@code binary}, {@code multiclass}, {@code regression} or {@code recommendation}. */
    public String key() {
        return key;
    }

    public boolean classification() {
        return this == BINARY || this == MULTICLASS;
    }

    /** The task named {@code key} (case-insensitive); {@link #BINARY} when null. */
    public static Task of(String key) {
        if (key == null) {
            return BINARY;
        }
        for (Task task : values()) {
            if (task.key.equals(key.toLowerCase(Locale.ROOT))) {
                return task;
            }
        }
        throw new IllegalArgumentException("task must be one of "
                + Arrays.stream(values()).map(Task::key).collect(Collectors.joining(", ")) + "; found '" + key + "'");
    }
}
