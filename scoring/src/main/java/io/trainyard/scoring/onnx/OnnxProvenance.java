package io.trainyard.scoring.onnx;

/**
 * Where an exported graph comes from; written into the model's {@code metadata_props}.
 *
 * @param modelName the use case's model name
 * @param bundleId the id of the bundle whose {@code sparkml/} was exported
 * @param trainyardVersion the exporting trainyard version
 */
public record OnnxProvenance(String modelName, String bundleId, String trainyardVersion) {
}
