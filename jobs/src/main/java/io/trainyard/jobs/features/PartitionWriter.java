package io.trainyard.jobs.features;

import io.trainyard.serving.features.FeatureVector;
import io.trainyard.serving.features.OnlineStore;
import io.trainyard.serving.features.RedisAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/**
 * Runs on each executor: one Redis connection per partition, rows sent in pipelined batches (one
 * round trip per batch), counts back to the driver through accumulators.
 */
final class PartitionWriter implements ForeachPartitionFunction<Row> {
    private static final long serialVersionUID = 1L;

    private final RedisAddress address;
    private final OnlineRows rows;
    private final int batchSize;
    private final long nowMillis;
    private final LongAccumulator[] counts;

    /** @param counts vectors written, expired (deleted) and stale (older than the stored ones), in that order */
    PartitionWriter(RedisAddress address, OnlineRows rows, int batchSize, long nowMillis, LongAccumulator[] counts) {
        this.address = address;
        this.rows = rows;
        this.batchSize = batchSize;
        this.nowMillis = nowMillis;
        this.counts = counts.clone();
    }

    @Override
    public void call(Iterator<Row> partition) {
        if (!partition.hasNext()) {
            return;
        }
        try (OnlineStore store = OnlineStore.connect(address, 1)) {
            List<List<String>> keys = new ArrayList<>(batchSize);
            List<FeatureVector> vectors = new ArrayList<>(batchSize);
            while (partition.hasNext()) {
                Row row = partition.next();
                keys.add(rows.key(row));
                vectors.add(rows.vector(row));
                if (keys.size() == batchSize) {
                    flush(store, keys, vectors);
                }
            }
            flush(store, keys, vectors);
        }
    }

    private void flush(OnlineStore store, List<List<String>> keys, List<FeatureVector> vectors) {
        if (keys.isEmpty()) {
            return;
        }
        OnlineStore.Written batch = store.write(keys, vectors, nowMillis);
        counts[0].add(batch.written());
        counts[1].add(batch.expired());
        counts[2].add(batch.stale());
        keys.clear();
        vectors.clear();
    }
}
