package io.trainyard.jobs.features;

import io.trainyard.features.store.FeatureSetSpec;
import io.trainyard.features.store.FeatureTable;
import io.trainyard.serving.features.FeatureSetInfo;
import io.trainyard.serving.features.OnlineStore;
import io.trainyard.serving.features.RedisAddress;
import java.time.LocalDate;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * Copies each entity's newest row of the feature table into Redis: written from the executors
 * ({@code foreachPartition}) in pipelined batches, each vector stamped with its timestamp and
 * version and given its TTL, then the set's description. Idempotent: a re-run writes the same
 * values under the same keys.
 */
public final class Materializer {
    private static final Logger LOG = LogManager.getLogger(Materializer.class);

    /**
     * What a materialization did.
     *
     * @param written vectors written
     * @param expired vectors already past their TTL and grace, deleted from the store instead
     * @param stale vectors older than the ones the store held (a backfill after a newer run): left alone
     * @param seconds wall time of the Spark job
     */
    public record Result(long written, long expired, long stale, double seconds) {
        public double entitiesPerSecond() {
            return (written + expired + stale) / Math.max(seconds, 1e-9);
        }
    }

    private Materializer() {
    }

    /** Checks Redis answers before any Spark job (exit code 4 when it does not), then writes. */
    public static Result run(SparkSession spark, FeatureSetSpec spec, LocalDate asOf, RedisAddress address,
                             int batchSize) {
        try (OnlineStore store = OnlineStore.connect(address, 1)) {
            Dataset<Row> latest = FeatureTable.latest(spark, spec, asOf);
            List<String> features = FeatureTable.featureColumns(latest, spec);
            OnlineRows rows = new OnlineRows(spec.name(), spec.entity(), features, spec.ttlDuration().toMillis());
            LongAccumulator written = spark.sparkContext().longAccumulator("feature vectors written");
            LongAccumulator expired = spark.sparkContext().longAccumulator("feature vectors expired");
            LongAccumulator stale = spark.sparkContext().longAccumulator("feature vectors older than the stored ones");
            long started = System.nanoTime();
            latest.foreachPartition(new PartitionWriter(address, rows, batchSize, System.currentTimeMillis(),
                    new LongAccumulator[] {written, expired, stale}));
            double seconds = (System.nanoTime() - started) / 1e9;
            store.writeInfo(new FeatureSetInfo(spec.name(), spec.version(), spec.entity(), features,
                    spec.ttlDuration().toSeconds()));
            Result result = new Result(written.value(), expired.value(), stale.value(), seconds);
            LOG.info("materialized {} into {}: {} vectors written, {} expired, {} older than the stored ones, in {} s"
                    + " ({} entities/s)", spec.name(), address, result.written(), result.expired(), result.stale(),
                    String.format(java.util.Locale.ROOT, "%.1f", seconds),
                    String.format(java.util.Locale.ROOT, "%.0f", result.entitiesPerSecond()));
            return result;
        }
    }
}
