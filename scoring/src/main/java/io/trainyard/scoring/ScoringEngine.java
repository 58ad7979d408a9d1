package io.trainyard.scoring;

import io.trainyard.common.TrainyardException;
import java.util.Locale;

/**
 * What computes the predictions of a scoring job: Spark's own {@code PipelineModel.transform}, or
 * the bundle's exported ONNX graph run by ONNX Runtime inside the Spark tasks. Same output columns
 * and stamps either way.
 */
public enum ScoringEngine {
    SPARK, ONNX;

    /** {@code spark} or {@code onnx}, any case. */
    public static ScoringEngine of(String name) {
        for (ScoringEngine engine : values()) {
            if (engine.key().equalsIgnoreCase(name)) {
                return engine;
            }
        }
        throw TrainyardException.usage("--engine " + name + " is not supported; use --engine spark or --engine onnx");
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
