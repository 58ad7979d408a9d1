package io.trainyard.serving.features;

import java.util.List;

/**
 * What the online store knows of a feature set, written beside its vectors by each materialization:
 * the server reads it to learn the entity key columns and check the model's inputs are there.
 *
 * @param name the feature set
 * @param version its version
 * @param entity the entity key columns, in key order
 * @param features the feature names of every vector
 * @param ttlSeconds how long a vector is valid after its timestamp
 */
public record FeatureSetInfo(String name, int version, List<String> entity, List<String> features, long ttlSeconds) {
    public FeatureSetInfo {
        entity = List.copyOf(entity);
        features = List.copyOf(features);
    }
}
