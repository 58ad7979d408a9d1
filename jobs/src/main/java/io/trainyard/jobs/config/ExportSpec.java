package io.trainyard.jobs.config;

/**
 * What {@code train} exports beside the Spark model.
 *
 * @param onnx {@code true}: the pipeline must export to ONNX, checked before any fit (every stage
 *     and every candidate needs a converter) and exported with its parity check after training;
 *     {@code false}: no ONNX export; absent: exported when every stage converts, skipped otherwise
 */
public record ExportSpec(Boolean onnx) {
    public static ExportSpec defaults() {
        return new ExportSpec(null);
    }

    public boolean onnxRequired() {
        return Boolean.TRUE.equals(onnx);
    }

    public boolean onnxDisabled() {
        return Boolean.FALSE.equals(onnx);
    }
}
