package io.trainyard.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_timestamp;

import io.trainyard.common.TrainyardException;
import io.trainyard.features.load.DatasetLoader;
import io.trainyard.features.spec.DataSource;
import io.trainyard.features.store.FeatureSetSpec;
import io.trainyard.features.store.FeatureTable;
import io.trainyard.features.store.PointInTimeJoin;
import io.trainyard.jobs.config.ConfigLoader;
import io.trainyard.jobs.config.TrainConfig;
import io.trainyard.jobs.features.ConsistencyCheck;
import io.trainyard.jobs.features.Materializer;
import io.trainyard.jobs.features.StagedParquet;
import io.trainyard.jobs.ops.JobContext;
import io.trainyard.serving.features.RedisAddress;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "features", sortOptions = false,
        description = {"The feature store: a config's feature-sets computed once in Spark and kept twice.",
            "  build        the feature table as of --as-of: Parquet under the set's offline folder, partitioned by date",
            "  materialize  each entity's newest row into Redis (--redis), with its timestamp, version and TTL",
            "  check        samples entities and compares Redis with the table; any difference fails (exit 3)",
            "  join         a training set: labels (--labels) joined point-in-time to the table, as Parquet (--output)"},
        footer = {"", "Examples:", "  trainyard features build --config conf/churn.yaml --as-of 2026-11-25",
            "  trainyard features materialize --config conf/churn.yaml --redis localhost:6379",
            "  trainyard features check --config conf/churn.yaml --redis localhost:6379 --sample 1000",
            "  trainyard features join --config conf/churn.yaml --labels data/samples/mlc_churn.csv --as-of 2026-11-25"
                    + " --output out/churn-training"})
final class FeaturesCommand extends JobCommand {
    @Parameters(index = "0", paramLabel = "build|materialize|check|join", description = "What to do.")
    Action action;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The YAML config declaring feature-sets.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key. Repeatable.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--feature-set", paramLabel = "NAME", description = "Which set (default: the only one declared).")
    String featureSet;

    @Option(names = "--as-of", paramLabel = "YYYY-MM-DD",
            description = "build: rows up to the end of this day; snapshot sources are stamped with it (default: today,"
                    + " UTC). materialize, check: the newest rows up to this day (default: all). join: the time of"
                    + " labels without --label-time.")
    String asOf;

    @Option(names = "--redis", paramLabel = "HOST:PORT", description = "materialize, check: the Redis server.")
    String redis;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000",
            description = "materialize: vectors per pipelined round trip (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "1000",
            description = "check: entities to compare (default: ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--seed", defaultValue = "42", description = "check: sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--labels", paramLabel = "PATH", description = "join: label events (CSV or Parquet) with the entity"
            + " columns and the config's label.column.")
    String labels;

    @Option(names = "--label-time", paramLabel = "COLUMN", description = "join: the labels' event-time column.")
    String labelTime;

    @Option(names = "--output", paramLabel = "DIR", description = "join: the training set's Parquet folder (replaced once complete).")
    String output;

    enum Action { build, materialize, check, join }

    @Override
    int run() {
        TrainConfig loaded = ConfigLoader.load(config, overrides).config();
        FeatureSetSpec spec = loaded.featureSet(featureSet);
        LocalDate date = asOf == null ? null : date(asOf);
        RedisAddress address = action == Action.materialize || action == Action.check ? address() : null;
        requireJoinOptions();
        JobContext.model(spec.name());
        SparkSession spark = SparkSessions.create("features " + action + " " + spec.name(), loaded.spark());
        Map<String, Object> summary = Summaries.ok("features " + action);
        summary.put("feature_set", spec.name());
        summary.put("version", spec.version());
        switch (action) {
            case build -> build(spark, spec, date != null ? date : LocalDate.now(ZoneOffset.UTC), summary);
            case materialize -> materialize(spark, spec, date, address, summary);
            case check -> check(spark, spec, date, address, summary);
            case join -> join(spark, spec, loaded.label().column(), date, summary);
            default -> throw new IllegalStateException(action.name());
        }
        printJson(summary);
        return 0;
    }

    private void build(SparkSession spark, FeatureSetSpec spec, LocalDate date, Map<String, Object> summary) {
        FeatureTable.Built built = FeatureTable.build(spark, spec, date);
        human("trainyard features build: %s v%d as of %s%n  table      %s: %,d rows, %,d entities, %d numeric + %d"
                + " categorical features%n", spec.name(), spec.version(), date, built.path(), built.rows(),
                built.entities(), built.numeric().size(), built.categorical().size());
        summary.put("as_of", date.toString());
        summary.put("path", built.path());
        summary.put("rows", built.rows());
        summary.put("entities", built.entities());
        summary.put("numeric", built.numeric());
        summary.put("categorical", built.categorical());
    }

    private void materialize(SparkSession spark, FeatureSetSpec spec, LocalDate date, RedisAddress address,
                             Map<String, Object> summary) {
        if (batchSize < 1) {
            throw TrainyardException.usage("--batch-size " + batchSize + " must be at least 1");
        }
        Materializer.Result result = Materializer.run(spark, spec, date, address, batchSize);
        JobContext.current().metrics().set("features_materialized", "Feature vectors written to the online store",
                result.written());
        human("trainyard features materialize: %s into %s%n  vectors    %,d written, %,d expired (deleted), %,d older than"
                + " the stored ones (kept those) in %.1f s (%,.0f entities/s), TTL %s%n", spec.name(), address,
                result.written(), result.expired(), result.stale(), result.seconds(), result.entitiesPerSecond(),
                spec.ttl());
        summary.put("redis", address.toString());
        summary.put("written", result.written());
        summary.put("expired", result.expired());
        summary.put("stale", result.stale());
        summary.put("seconds", result.seconds());
        summary.put("entities_per_second", result.entitiesPerSecond());
    }

    private void check(SparkSession spark, FeatureSetSpec spec, LocalDate date, RedisAddress address,
                       Map<String, Object> summary) {
        if (sample < 1) {
            throw TrainyardException.usage("--sample " + sample + " must be at least 1");
        }
        ConsistencyCheck.Result result = ConsistencyCheck.run(spark, spec, date, address, sample, seed);
        human("trainyard features check: %s, %d entities sampled, %d expired (expected absent), %d differ%n",
                spec.name(), result.sampled(), result.expired(), result.differing());
        result.differences().stream().limit(20).forEach(d -> human("  differs    %s%n", d));
        if (!result.differences().isEmpty()) {
            throw TrainyardException.data(result.differing() + " of " + result.sampled() + " sampled entities of feature"
                    + " set '" + spec.name() + "' differ between the offline table and " + address + ", e.g. "
                    + result.differences().get(0) + "; materialize again (trainyard features materialize) and"
                    + " look for another writer of those keys");
        }
        summary.put("sampled", result.sampled());
        summary.put("expired", result.expired());
        summary.put("differing", 0);
    }

    private void join(SparkSession spark, FeatureSetSpec spec, String labelColumn, LocalDate date,
                      Map<String, Object> summary) {
        Dataset<Row> events = new DatasetLoader(spark).read(DataSource.of(labels, null));
        List<String> present = List.of(events.columns());
        String time = labelTime;
        for (String column : labelTime == null ? List.of(labelColumn) : List.of(labelColumn, labelTime)) {
            if (!present.contains(column)) {
                throw TrainyardException.data("The labels " + labels + " have no column '" + column + "'"
                        + (column.equals(labelColumn) ? " (label.column)" : " (--label-time)")
                        + "; their columns are " + String.join(", ", present));
            }
        }
        List<String> kept = new ArrayList<>(spec.entity());
        kept.add(labelColumn);
        if (time == null) {
            time = "_as_of";
            events = events.withColumn(time, to_timestamp(lit(date.toString())));
        }
        kept.add(time);
        Dataset<Row> joined = PointInTimeJoin.join(events.select(kept.stream().map(c -> col("`" + c + "`"))
                .toArray(Column[]::new)), time, FeatureTable.read(spark, spec), spec).cache();
        long all = joined.count();
        Dataset<Row> matched = joined.filter(col(PointInTimeJoin.FEATURE_TIME).isNotNull())
                .drop(PointInTimeJoin.FEATURE_TIME, time);
        long rows = matched.count();
        if (rows == 0) {
            throw TrainyardException.data("None of the " + all + " labels in " + labels + " has a feature row of '"
                    + spec.name() + "' at or before its time (within the TTL " + spec.ttl() + "); build the feature"
                    + " table for earlier dates or check --label-time");
        }
        StagedParquet.write(spark, matched, output);
        joined.unpersist();
        human("trainyard features join: %s point-in-time onto %s%n  training   %s: %,d rows (%,d labels had no feature"
                + " row at or before their time and were left out)%n  next       trainyard train --config %s --set"
                + " data.path=%s --set data.format=parquet%n", spec.name(), labels, output, rows, all - rows, config, output);
        summary.put("output", output);
        summary.put("rows", rows);
        summary.put("unmatched", all - rows);
    }

    private RedisAddress address() {
        if (redis == null) {
            throw TrainyardException.usage("features " + action + " needs --redis HOST:PORT, e.g. --redis localhost:6379");
        }
        return RedisAddress.parse(redis);
    }

    private void requireJoinOptions() {
        if (action != Action.join) {
            return;
        }
        if (labels == null || output == null) {
            throw TrainyardException.usage("features join needs --labels PATH and --output DIR");
        }
        if (labelTime == null && asOf == null) {
            throw TrainyardException.usage("features join needs --label-time COLUMN, or --as-of DATE when the labels"
                    + " carry no time (all taken at that date)");
        }
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw TrainyardException.usage("--as-of '" + text + "' is not a date; use YYYY-MM-DD, e.g. 2026-11-25");
        }
    }

    private void human(String format, Object... args) {
        if (!json()) {
            out().printf(Locale.ROOT, format, args);
            out().flush();
        }
    }
}
