package io.trainyard.features.store;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_timestamp;
import static io.trainyard.features.load.Columns.quote;

import io.trainyard.common.Suggestions;
import io.trainyard.common.TrainyardException;
import io.trainyard.features.load.DatasetLoader;
import io.trainyard.features.load.FileSystems;
import io.trainyard.features.pipeline.FeaturePipeline;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * The offline store: one Parquet table per feature set, partitioned by {@code date}, one row per
 * entity and event timestamp, every row stamped with the feature set's version. Built from the
 * source by Spark; the online store and training sets are read from it, never from the source.
 */
public final class FeatureTable {
    /** When the row's values were true (the source's event time, or the build's as-of date). */
    public static final String TIMESTAMP = "event_timestamp";
    public static final String VERSION = "feature_set_version";
    /** The partition column, {@code yyyy-MM-dd} of the event timestamp in the session's time zone. */
    public static final String DATE = "date";
    private static final Set<String> RESERVED = Set.of(TIMESTAMP, VERSION, DATE);
    private static final Logger LOG = LogManager.getLogger(FeatureTable.class);

    /**
     * What a build wrote.
     *
     * @param path the table's folder
     * @param rows rows written (entity x timestamp)
     * @param entities distinct entities among them
     * @param numeric numeric feature columns (doubles), derived ratios included
     * @param categorical the other feature columns (strings)
     */
    public record Built(String path, long rows, long entities, List<String> numeric, List<String> categorical) {
    }

    private FeatureTable() {
    }

    /**
     * Computes the feature set from its source as of the end of {@code asOf} (rows with a later
     * event time are left out) and replaces the table's partitions for the dates it holds, so a
     * rebuild of the same day is idempotent. Checks columns, timestamps and duplicates first.
     */
    public static Built build(SparkSession spark, FeatureSetSpec spec, LocalDate asOf) {
        long started = System.nanoTime();
        Dataset<Row> raw = new DatasetLoader(spark).read(spec.source());
        List<String> features = featureColumnsOf(raw, spec);
        Dataset<Row> timed = withTimestamp(raw, spec, asOf);
        requireUniqueEntityTimes(timed, spec);
        List<String> numeric = new ArrayList<>(DatasetLoader.numericColumns(timed, features));
        List<String> categorical = features.stream().filter(c -> !numeric.contains(c)).toList();
        List<Column> typed = new ArrayList<>();
        spec.entity().forEach(e -> typed.add(col(quote(e)).cast("string").as(e)));
        typed.add(col(TIMESTAMP));
        typed.add(lit(spec.version()).as(VERSION));
        numeric.forEach(c -> typed.add(expr("try_cast(" + quote(c) + " AS DOUBLE)").as(c)));
        categorical.forEach(c -> typed.add(col(quote(c)).cast("string").as(c)));
        Dataset<Row> table = FeaturePipeline.withRatios(timed.select(typed.toArray(Column[]::new)), spec.derived(),
                numeric);
        spec.derived().ratios().forEach(r -> numeric.add(r.name()));
        table = table.withColumn(DATE, date_format(col(TIMESTAMP), "yyyy-MM-dd")).cache();
        Row counts = table.agg(count(lit(1)), countDistinct(col(quote(spec.entity().get(0))),
                spec.entity().stream().skip(1).map(e -> col(quote(e))).toArray(Column[]::new))).first();
        if (counts.getLong(0) == 0) {
            throw TrainyardException.data("Feature set '" + spec.name() + "': " + spec.source().path()
                    + " has no rows at or before " + asOf + "; check --as-of or the source");
        }
        table.write().mode(SaveMode.Overwrite).option("partitionOverwriteMode", "dynamic").partitionBy(DATE)
                .parquet(spec.offline());
        table.unpersist();
        LOG.info("feature set {} v{} as of {}: {} rows, {} entities, {} features into {} in {} s", spec.name(),
                spec.version(), asOf, counts.getLong(0), counts.getLong(1), numeric.size() + categorical.size(),
                spec.offline(), String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
        return new Built(spec.offline(), counts.getLong(0), counts.getLong(1), List.copyOf(numeric), categorical);
    }

    /** The whole table; a usage error when it has not been built. */
    public static Dataset<Row> read(SparkSession spark, FeatureSetSpec spec) {
        try {
            Path path = new Path(spec.offline());
            if (!FileSystems.of(path, spark.sparkContext().hadoopConfiguration(), "Feature table").exists(path)) {
                throw TrainyardException.usage("Feature set '" + spec.name() + "' has no offline table at "
                        + spec.offline() + "; build it first: trainyard features build --config … --feature-set "
                        + spec.name());
            }
        } catch (java.io.IOException e) {
            throw TrainyardException.usage("Feature table " + spec.offline() + " cannot be read: " + e.getMessage());
        }
        return spark.read().parquet(spec.offline());
    }

    /**
     * Per entity its newest row with an event time before the end of {@code asOf} (all rows when
     * null): what the online store should hold. Without the {@code date} partition column.
     */
    public static Dataset<Row> latest(SparkSession spark, FeatureSetSpec spec, LocalDate asOf) {
        Dataset<Row> table = read(spark, spec);
        if (asOf != null) {
            table = table.filter(col(TIMESTAMP).lt(to_timestamp(lit(asOf.plusDays(1).toString()))));
        }
        Column[] entity = spec.entity().stream().map(e -> col(quote(e))).toArray(Column[]::new);
        return table.withColumn("_newest", row_number().over(Window.partitionBy(entity).orderBy(col(TIMESTAMP).desc())))
                .filter(col("_newest").equalTo(1)).drop("_newest", DATE);
    }

    /** The feature columns of a table read back: every column but the entity, the stamps and the partition. */
    public static List<String> featureColumns(Dataset<Row> table, FeatureSetSpec spec) {
        return List.of(table.columns()).stream().filter(c -> !spec.entity().contains(c) && !RESERVED.contains(c))
                .toList();
    }

    private static List<String> featureColumnsOf(Dataset<Row> raw, FeatureSetSpec spec) {
        String path = spec.source().path();
        List<String> present = List.of(raw.columns());
        require(present, spec.entity(), "entity", spec);
        if (spec.timestamp() != null) {
            require(present, List.of(spec.timestamp()), "timestamp", spec);
        }
        require(present, spec.exclude(), "exclude", spec);
        List<String> features = present.stream().filter(c -> !spec.entity().contains(c) && !c.equals(spec.timestamp())
                && !spec.exclude().contains(c)).toList();
        for (String column : features) {
            if (RESERVED.contains(column)) {
                throw TrainyardException.data("Column '" + column + "' of " + path + " would be a feature of '"
                        + spec.name() + "', but the feature table reserves that name; add it to exclude or rename it"
                        + " upstream");
            }
        }
        if (features.isEmpty()) {
            throw TrainyardException.usage("Feature set '" + spec.name() + "' has no feature columns: every column of "
                    + path + " is an entity, the timestamp or excluded");
        }
        return features;
    }

    private static void require(List<String> present, List<String> wanted, String role, FeatureSetSpec spec) {
        for (String column : wanted) {
            if (!present.contains(column)) {
                throw TrainyardException.data("Column '" + column + "' (feature-sets." + spec.name() + "." + role
                        + ") not found in " + spec.source().path() + Suggestions.didYouMean(column, present)
                        + " Columns are: " + String.join(", ", present.size() <= 12 ? present : present.subList(0, 12))
                        + (present.size() <= 12 ? "" : ", …"));
            }
        }
    }

    /** Event time from the source's column (rows after as-of dropped), or the as-of date for a snapshot. */
    private static Dataset<Row> withTimestamp(Dataset<Row> raw, FeatureSetSpec spec, LocalDate asOf) {
        if (spec.timestamp() == null) {
            return raw.withColumn(TIMESTAMP, to_timestamp(lit(asOf.toString())));
        }
        String column = quote(spec.timestamp());
        Dataset<Row> timed = raw.withColumn(TIMESTAMP, expr("try_cast(" + column + " AS TIMESTAMP)"));
        List<Row> bad = timed.filter(col(TIMESTAMP).isNull()).select(col(column).cast("string")).limit(1).collectAsList();
        if (!bad.isEmpty()) {
            throw TrainyardException.data("Column '" + spec.timestamp() + "' (feature-sets." + spec.name()
                    + ".timestamp) of " + spec.source().path() + " has a value that is not a timestamp: "
                    + (bad.get(0).isNullAt(0) ? "an empty value" : "'" + bad.get(0).getString(0) + "'")
                    + "; use yyyy-MM-dd or yyyy-MM-dd HH:mm:ss");
        }
        return timed.filter(col(TIMESTAMP).lt(to_timestamp(lit(asOf.plusDays(1).toString()))));
    }

    private static void requireUniqueEntityTimes(Dataset<Row> timed, FeatureSetSpec spec) {
        List<Column> keys = new ArrayList<>();
        spec.entity().forEach(e -> keys.add(col(quote(e))));
        keys.add(col(TIMESTAMP));
        List<Row> duplicates = timed.groupBy(keys.toArray(Column[]::new)).count().filter(col("count").gt(1)).limit(3).collectAsList();
        if (!duplicates.isEmpty()) {
            String examples = duplicates.stream().map(r -> {
                List<String> values = new ArrayList<>();
                for (int i = 0; i < spec.entity().size(); i++) {
                    values.add(String.valueOf(r.get(i)));
                }
                return String.join("/", values) + " at " + r.get(spec.entity().size()) + " (" + r.getLong(r.size() - 1)
                        + " rows)";
            }).collect(Collectors.joining(", "));
            throw TrainyardException.data("Feature set '" + spec.name() + "': " + spec.source().path() + " has more"
                    + " than one row per " + String.join(" + ", spec.entity()) + " and timestamp, e.g. " + examples
                    + "; a feature table keeps one row per entity and time: deduplicate the source"
                    + (spec.timestamp() == null ? " or name its event-time column under timestamp" : ""));
        }
    }
}
