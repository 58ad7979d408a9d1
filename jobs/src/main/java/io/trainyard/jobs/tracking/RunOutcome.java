package io.trainyard.jobs.tracking;

import io.trainyard.jobs.ops.Outcome;
import java.util.Map;

/**
 * How a command's MLflow run ended, as run tags a scheduler can read from the tracking server after
 * a cluster-mode run: {@code trainyard.exit_code} (0, or the exit code the command failed with) and
 * {@code trainyard.exit_category}.
 */
final class RunOutcome {
    static final String EXIT_CODE = "trainyard.exit_code";
    static final String EXIT_CATEGORY = "trainyard.exit_category";

    private RunOutcome() {
    }

    static Map<String, String> tags(int exitCode) {
        return Map.of(EXIT_CODE, String.valueOf(exitCode), EXIT_CATEGORY, Outcome.category(exitCode));
    }
}
