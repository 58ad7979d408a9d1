package io.trainyard.scoring.onnx;

import org.apache.spark.ml.param.Params;

/** A param read by name, so one check serves an estimator and the model it fits (they share param names). */
final class StageParams {
    private StageParams() {
    }

    /** The param's value (set or default) as text, or null when the stage has no such param or no value. */
    static String text(Params stage, String name) {
        if (!stage.hasParam(name) || !stage.isDefined(stage.getParam(name))) {
            return null;
        }
        Object value = stage.getOrDefault(stage.getParam(name));
        return value == null ? null : String.valueOf(value);
    }
}
