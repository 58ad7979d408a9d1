package io.trainyard.jobs.features;

import static org.apache.spark.sql.functions.rand;

import io.trainyard.features.store.FeatureSetSpec;
import io.trainyard.features.store.FeatureTable;
import io.trainyard.serving.features.FeatureVector;
import io.trainyard.serving.features.OnlineStore;
import io.trainyard.serving.features.RedisAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Samples entities of the feature table and compares, for each, the vector the online store holds
 * with the one the table says it should hold (its newest row): version, timestamp and every value,
 * exactly. An entity whose TTL has passed is expected to be gone and is counted, not flagged.
 */
public final class ConsistencyCheck {
    private static final int LOOKUP_BATCH = 1000;

    /**
     * One disagreement.
     *
     * @param entity the entity, e.g. {@code customer_id=C0042}
     * @param what {@code missing online}, {@code version}, {@code timestamp}, or a feature name
     * @param offline the table's value
     * @param online the store's value
     */
    public record Difference(String entity, String what, Object offline, Object online) {
        @Override
        public String toString() {
            return entity + ": " + what + " offline " + offline + ", online " + online;
        }
    }

    /**
     * The outcome.
     *
     * @param sampled entities compared
     * @param expired of which past their TTL (expected absent)
     * @param differences every disagreement found
     * @param differing entities with at least one
     */
    public record Result(int sampled, int expired, List<Difference> differences, int differing) {
    }

    private ConsistencyCheck() {
    }

    public static Result run(SparkSession spark, FeatureSetSpec spec, LocalDate asOf, RedisAddress address, int sample,
                             long seed) {
        try (OnlineStore store = OnlineStore.connect(address, 1)) {
            Dataset<Row> latest = FeatureTable.latest(spark, spec, asOf);
            OnlineRows rows = new OnlineRows(spec.name(), spec.entity(), FeatureTable.featureColumns(latest, spec),
                    spec.ttlDuration().toMillis());
            List<Row> sampled = latest.orderBy(rand(seed)).limit(sample).collectAsList();
            long now = System.currentTimeMillis();
            List<Difference> differences = new ArrayList<>();
            int expired = 0;
            Set<String> differing = new TreeSet<>();
            for (int from = 0; from < sampled.size(); from += LOOKUP_BATCH) {
                List<Row> batch = sampled.subList(from, Math.min(sampled.size(), from + LOOKUP_BATCH));
                List<List<String>> keys = batch.stream().map(rows::key).toList();
                List<FeatureVector> online = store.get(spec.name(), keys);
                for (int i = 0; i < batch.size(); i++) {
                    FeatureVector expected = rows.vector(batch.get(i));
                    String entity = OnlineStore.describe(spec.entity(), keys.get(i));
                    if (expected.validUntil() < now) {
                        expired++;
                        continue;
                    }
                    int before = differences.size();
                    compare(entity, expected, online.get(i), differences);
                    if (differences.size() > before) {
                        differing.add(entity);
                    }
                }
            }
            return new Result(sampled.size(), expired, differences, differing.size());
        }
    }

    private static void compare(String entity, FeatureVector expected, FeatureVector online, List<Difference> out) {
        if (online == null) {
            out.add(new Difference(entity, "missing online", "a vector of " + Instant.ofEpochMilli(expected.timestamp()),
                    "nothing"));
            return;
        }
        if (expected.version() != online.version()) {
            out.add(new Difference(entity, "version", expected.version(), online.version()));
        }
        if (expected.timestamp() != online.timestamp()) {
            out.add(new Difference(entity, "timestamp", Instant.ofEpochMilli(expected.timestamp()),
                    Instant.ofEpochMilli(online.timestamp())));
        }
        Set<String> names = new TreeSet<>(expected.values().keySet());
        names.addAll(online.values().keySet());
        for (String name : names) {
            Object offlineValue = expected.values().get(name);
            Object onlineValue = online.values().get(name);
            boolean present = expected.values().containsKey(name) && online.values().containsKey(name);
            if (!present || !Objects.equals(offlineValue, onlineValue)) {
                out.add(new Difference(entity, name, expected.values().containsKey(name) ? offlineValue : "(no such feature)",
                        online.values().containsKey(name) ? onlineValue : "(no such feature)"));
            }
        }
    }
}
