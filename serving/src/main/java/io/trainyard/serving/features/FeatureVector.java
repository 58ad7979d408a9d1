package io.trainyard.serving.features;

import java.util.Map;

/**
 * One entity's features as the online store keeps them: one serialized value per key, written in
 * one command, so a reader sees a whole vector or none.
 *
 * @param featureSet the feature set's name
 * @param version the feature set's version that computed the values
 * @param timestamp event time of the values, epoch milliseconds
 * @param validUntil end of their TTL, epoch milliseconds: later lookups answer "expired"
 * @param values feature name to a Double, a String or null
 */
public record FeatureVector(String featureSet, int version, long timestamp, long validUntil,
                            Map<String, Object> values) {
    public FeatureVector {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }
}
