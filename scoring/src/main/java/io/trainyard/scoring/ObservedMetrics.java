package io.trainyard.scoring;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.util.QueryExecutionListener;
import scala.Option;

/**
 * Aggregates computed while the scoring job writes ({@code Dataset.observe}), read back from the
 * finished query's plan. Unlike {@code org.apache.spark.sql.Observation}, whose {@code get} waits
 * forever when the metrics never arrive, this waits a bounded time and lets the caller fall back.
 */
final class ObservedMetrics implements QueryExecutionListener {
    private final SparkSession spark;
    private final String name = "trainyard_audit_" + UUID.randomUUID().toString().replace("-", "");
    private final CompletableFuture<Map<String, Object>> metrics = new CompletableFuture<>();

    private ObservedMetrics(SparkSession spark) {
        this.spark = spark;
    }

    static ObservedMetrics register(SparkSession spark) {
        ObservedMetrics observed = new ObservedMetrics(spark);
        spark.listenerManager().register(observed);
        return observed;
    }

    /** {@code rows} with the aggregates attached: computed by whatever action runs it. */
    Dataset<Row> observe(Dataset<Row> rows, Column[] aggregates) {
        return rows.observe(name, aggregates[0], Arrays.copyOfRange(aggregates, 1, aggregates.length));
    }

    /** The values by aggregate name, once the query has ended; empty if they did not come in time. */
    Optional<Map<String, Object>> await(long seconds) {
        try {
            return Optional.of(metrics.get(seconds, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        } finally {
            stop();
        }
    }

    /** Stops listening (the query failed, or the values are in). */
    void stop() {
        spark.listenerManager().unregister(this);
    }

    @Override
    public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
        Option<Row> row = qe.observedMetrics().get(name);
        if (row.isDefined()) {
            Map<String, Object> values = new LinkedHashMap<>();
            String[] names = row.get().schema().fieldNames();
            for (int i = 0; i < names.length; i++) {
                values.put(names[i], row.get().get(i));
            }
            metrics.complete(values);
        }
    }

    @Override
    public void onFailure(String funcName, QueryExecution qe, Exception exception) {
        // the write failed and throws on the caller's thread
    }
}
