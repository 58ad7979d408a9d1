package io.trainyard.serving.bundle;

import java.util.Map;

/**
 * {@code bundle.json}: who made the bundle, from what, and a SHA-256 of every other file in it.
 *
 * @param formatVersion bundle layout version, 1
 * @param id content id: the first 16 hex digits of the SHA-256 over the sorted file checksums
 * @param modelName the use case's model name
 * @param task e.g. {@code binary-classification}
 * @param family the model family that won selection, e.g. {@code xgboost}
 * @param createdAt ISO-8601 instant
 * @param trainyardVersion the version that wrote it
 * @param sparkVersion the Spark version of {@code sparkml/}
 * @param runId the tracking run, or null when trained without tracking
 * @param configHash SHA-256 of the resolved training config
 * @param files relative path to SHA-256 of every file but this one
 */
public record BundleManifest(int formatVersion, String id, String modelName, String task, String family,
                             String createdAt, String trainyardVersion, String sparkVersion, String runId,
                             String configHash, Map<String, String> files) {
    public static final String FILE = "bundle.json";
    public static final int FORMAT_VERSION = 1;

    public BundleManifest {
        files = Map.copyOf(files);
    }
}
