package io.trainyard.jobs.features;

import io.trainyard.features.store.FeatureTable;
import io.trainyard.serving.features.FeatureVector;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * How a row of the feature table becomes an online vector: its entity key, its timestamp and
 * version, its feature values. Shared by the materializer (on the executors) and the consistency
 * check, so both read a row the same way.
 *
 * @param featureSet the feature set's name
 * @param entity its entity columns
 * @param features its feature columns
 * @param ttlMillis validity after the timestamp
 */
record OnlineRows(String featureSet, List<String> entity, List<String> features, long ttlMillis)
        implements Serializable {
    OnlineRows {
        entity = List.copyOf(entity);
        features = List.copyOf(features);
    }

    List<String> key(Row row) {
        List<String> key = new ArrayList<>(entity.size());
        for (String column : entity) {
            key.add(String.valueOf(row.<Object>getAs(column)));
        }
        return key;
    }

    FeatureVector vector(Row row) {
        long timestamp = row.<java.sql.Timestamp>getAs(FeatureTable.TIMESTAMP).getTime();
        Map<String, Object> values = new LinkedHashMap<>();
        for (String feature : features) {
            values.put(feature, row.getAs(feature));
        }
        return new FeatureVector(featureSet, row.<Integer>getAs(FeatureTable.VERSION), timestamp, timestamp + ttlMillis,
                values);
    }
}
