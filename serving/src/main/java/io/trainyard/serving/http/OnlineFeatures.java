package io.trainyard.serving.http;

import io.trainyard.common.TrainyardException;
import io.trainyard.serving.bundle.Signature;
import io.trainyard.serving.features.FeatureSetInfo;
import io.trainyard.serving.features.FeatureVector;
import io.trainyard.serving.features.OnlineStore;
import io.trainyard.serving.features.RedisAddress;
import io.trainyard.serving.onnx.InvalidInstancesException.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the entities of a predict request into instances with their features from the online
 * store: one MGET per request, whatever the batch size. Unknown and expired entities are refused
 * (404, each named), never scored on made-up values.
 */
public final class OnlineFeatures implements AutoCloseable {
    private final OnlineStore store;
    private final FeatureSetInfo info;

    private OnlineFeatures(OnlineStore store, FeatureSetInfo info) {
        this.store = store;
        this.info = info;
    }

    /** Connects (exit code 4 when Redis does not answer) and reads the feature set's description. */
    public static OnlineFeatures open(RedisAddress address, String featureSet, int connections) {
        OnlineStore store = OnlineStore.connect(address, connections);
        FeatureSetInfo info;
        try {
            info = store.info(featureSet);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        if (info == null) {
            store.close();
            throw TrainyardException.usage("Feature set '" + featureSet + "' was never materialized to " + address
                    + "; run trainyard features materialize --config … --redis " + address.host() + ":"
                    + address.port() + ", or name another set with --feature-set");
        }
        return new OnlineFeatures(store, info);
    }

    public FeatureSetInfo info() {
        return info;
    }

    /** The model's inputs the feature set lacks (ids need not be features); empty when it covers them. */
    public List<String> missingInputs(Signature signature) {
        return signature.inputs().stream().filter(i -> !Signature.ROLE_ID.equals(i.role())).map(Signature.Input::name)
                .filter(n -> !info.features().contains(n) && !info.entity().contains(n)).toList();
    }

    /** The instances of {@code entities}: each entity's stored features plus its key columns. */
    List<Map<String, Object>> instances(List<Map<String, Object>> entities, ServingMetrics metrics) {
        List<List<String>> keys = keys(entities);
        long started = System.nanoTime();
        List<FeatureVector> vectors;
        try {
            vectors = store.get(info.name(), keys);
        } catch (TrainyardException e) {
            metrics.featureLookup("failed", entities.size(), System.nanoTime() - started);
            throw new ApiFailure(503, "feature_store_unavailable", "The feature store did not answer: "
                    + e.getMessage());
        }
        long now = System.currentTimeMillis();
        List<Map<String, Object>> instances = new ArrayList<>(entities.size());
        List<FieldError> absent = new ArrayList<>();
        int expired = 0;
        for (int i = 0; i < vectors.size(); i++) {
            FeatureVector vector = vectors.get(i);
            String entity = OnlineStore.describe(info.entity(), keys.get(i));
            if (vector == null) {
                absent.add(new FieldError(i, String.join("+", info.entity()), "unknown entity " + entity
                        + ": feature set '" + info.name() + "' has no features for it"));
            } else if (vector.validUntil() < now) {
                expired++;
                absent.add(new FieldError(i, String.join("+", info.entity()), "the features of " + entity
                        + " expired at " + Instant.ofEpochMilli(vector.validUntil()) + " (TTL " + info.ttlSeconds()
                        + " s after " + Instant.ofEpochMilli(vector.timestamp()) + "); materialize the feature set again"));
            } else {
                Map<String, Object> instance = new LinkedHashMap<>(vector.values());
                for (int k = 0; k < info.entity().size(); k++) {
                    instance.put(info.entity().get(k), keys.get(i).get(k));
                }
                instances.add(instance);
            }
        }
        long nanos = System.nanoTime() - started;
        metrics.featureLookup("found", instances.size(), nanos);
        metrics.featureLookup("unknown", absent.size() - expired, 0);
        metrics.featureLookup("expired", expired, 0);
        if (!absent.isEmpty()) {
            throw new ApiFailure(404, "entities_not_found", absent.size() + " of " + entities.size()
                    + " entities have no current features in feature set '" + info.name() + "'; see \"fields\"", absent);
        }
        return instances;
    }

    private List<List<String>> keys(List<Map<String, Object>> entities) {
        List<List<String>> keys = new ArrayList<>(entities.size());
        List<FieldError> invalid = new ArrayList<>();
        for (int i = 0; i < entities.size(); i++) {
            List<String> key = new ArrayList<>();
            for (String column : info.entity()) {
                Object value = entities.get(i).get(column);
                if (value instanceof String text) {
                    key.add(text);
                } else if (value instanceof Double number && !number.isNaN() && !number.isInfinite()) {
                    key.add(number == Math.rint(number) ? Long.toString(number.longValue()) : number.toString());
                } else {
                    invalid.add(new FieldError(i, column, (value == null ? "missing" : "not a string or number")
                            + "; an entity of feature set '" + info.name() + "' is identified by "
                            + String.join(", ", info.entity())));
                }
            }
            keys.add(key);
        }
        if (!invalid.isEmpty()) {
            throw new ApiFailure(422, "invalid_entities", invalid.size() + " invalid entity key(s); see \"fields\"",
                    invalid);
        }
        return keys;
    }

    @Override
    public void close() {
        store.close();
    }
}
