package io.trainyard.features.load;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.to_date;

import io.trainyard.common.Suggestions;
import io.trainyard.common.TrainyardException;
import io.trainyard.features.spec.DataSource;
import io.trainyard.features.spec.DatasetSpec;
import io.trainyard.features.spec.FeatureColumns;
import io.trainyard.features.spec.Task;
import io.trainyard.features.time.TimeFeaturizer;
import io.trainyard.features.time.TimeSeriesFeatures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StringType;

/**
 * Loads CSV or Parquet data, checks it against what the config or the model expects, and returns
 * it typed. Every check runs before any training or writing starts; each failure is one line that
 * names the column, what was found and how to fix it.
 */
public final class DatasetLoader {
    private static final Logger LOG = LogManager.getLogger(DatasetLoader.class);
    private static final int MAX_LABEL_VALUES = 20;

    private final SparkSession spark;

    public DatasetLoader(SparkSession spark) {
        this.spark = spark;
    }

    /**
     * Loads a labelled dataset for its task: binary, multi-class or regression labels, and for a
     * time series the date column, checked for duplicates, and the configured time features. Two or
     * three Spark jobs (label counts, column profile, the time check).
     */
    public LoadedDataset loadForTraining(DatasetSpec spec) {
        long started = System.nanoTime();
        Dataset<Row> spread = spread(read(spec.data()));
        // the same plan may be cached already (another load of the path, in the same JVM): that cache is its owner's
        boolean owned = spread.storageLevel().equals(StorageLevel.NONE());
        Dataset<Row> raw = spread.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return loadForTraining(spec, raw, owned ? raw : null, started);
        } catch (RuntimeException e) {
            // a cache outliving a refused load would serve the same file's old rows to the next read of it
            if (owned) {
                raw.unpersist();
            }
            throw e;
        }
    }

    private LoadedDataset loadForTraining(DatasetSpec spec, Dataset<Row> raw, Dataset<Row> kept, long started) {
        String path = spec.data().path();
        String label = spec.label().column();
        requireConfiguredColumns(raw, spec);

        boolean numericLabel = spec.task() == Task.REGRESSION || spec.task() == Task.RECOMMENDATION;
        Map<String, Long> labelCounts = numericLabel ? Map.of()
                : labelCounts(raw, label, path, spec.task() == Task.BINARY ? MAX_LABEL_VALUES : LabelEncoding.MAX_CLASSES);
        LabelEncoding encoding = LabelEncoding.of(spec.task(), label, spec.label().positive(), labelCounts);

        List<String> candidates = spec.task() == Task.RECOMMENDATION ? List.of() : numericCandidates(raw, spec);
        List<String> profiled = new ArrayList<>(candidates);
        if (numericLabel) {
            profiled.add(label);
        }
        ColumnProfile profile = ColumnProfile.of(raw, checkNumericTypes(raw, profiled, path));
        if (numericLabel) {
            ColumnChecks.numericLabel(label, profile.of(label), path, spec.task());
        }
        List<String> numeric = new ArrayList<>();
        List<String> categorical = new ArrayList<>(spec.features().categorical());
        for (String column : candidates) {
            ColumnProfile.Stats stats = profile.of(column);
            if (stats.unparsable() == 0) {
                numeric.add(column);
            } else if (spec.features().infersNumeric()) {
                categorical.add(column);
            } else {
                throw ColumnChecks.notNumeric(column, stats, path);
            }
        }
        Map<String, Long> missing = ColumnChecks.missing(numeric, profile, spec.features().missing(), path);

        Dataset<Row> source = spec.timeColumn() == null ? raw
                : raw.withColumn(DatasetSchema.TIME, to_date(col(Columns.quote(spec.timeColumn()))));
        DatasetSchema base = new DatasetSchema(idColumns(spec), categorical, numeric, label, encoding.positive(),
                encoding.negative(), spec.task(), encoding.classes(), spec.timeColumn(), spec.features().textColumns());
        Dataset<Row> typed = typed(source, base).withColumn(DatasetSchema.LABEL, encoding.encoded());
        ColumnChecks.nonEmpty(typed, base.text(), path, "Text");
        if (spec.recommendation() != null) {
            ColumnChecks.nonEmpty(typed, base.idColumns(), path, "Interaction");
        }
        LoadedDataset loaded = new LoadedDataset(typed, base, profile.rows(), labelCounts, missing, kept);
        if (spec.timeColumn() != null) {
            loaded = withTimeFeatures(loaded, spec, path);
        }
        LOG.info("loaded {}: {} rows, {} categorical + {} numeric features, {} label '{}' ({} classes) in {} s",
                path, profile.rows(), categorical.size(), loaded.schema().numeric().size(), spec.task().key(), label,
                encoding.classes().size(), seconds(started));
        return loaded;
    }

    /** The id columns; for a recommendation, the user then the item column (what identifies an interaction). */
    private static List<String> idColumns(DatasetSpec spec) {
        return spec.recommendation() == null ? spec.idColumns()
                : List.of(spec.recommendation().userColumn(), spec.recommendation().itemColumn());
    }

    private static LoadedDataset withTimeFeatures(LoadedDataset loaded, DatasetSpec spec, String path) {
        TimeSeriesFeatures.check(loaded.frame(), spec.timeColumn(), path);
        if (spec.features().time() == null) {
            return loaded;
        }
        TimeSeriesFeatures.Result features = TimeSeriesFeatures.add(loaded.frame(), spec.features().time(),
                TimeFeaturizer.prefixFor(spec.label().column()));
        DatasetSchema s = loaded.schema();
        List<String> numeric = new ArrayList<>(s.numeric());
        numeric.addAll(features.columns());
        DatasetSchema schema = new DatasetSchema(s.idColumns(), s.categorical(), numeric, s.labelColumn(),
                s.positiveClass(), s.negativeClass(), s.task(), s.classes(), s.timeColumn(), s.text());
        return new LoadedDataset(features.frame(), schema, loaded.rows(), loaded.labelCounts(), loaded.missingCounts(),
                loaded.kept());
    }

    private static void requireConfiguredColumns(Dataset<Row> raw, DatasetSpec spec) {
        String path = spec.data().path();
        FeatureColumns features = spec.features();
        requireColumns(raw, path, "label.column", List.of(spec.label().column()));
        requireColumns(raw, path, "id-columns", spec.idColumns());
        requireColumns(raw, path, "features.categorical", features.categorical());
        requireColumns(raw, path, "features.exclude", features.exclude());
        requireColumns(raw, path, "features.text.columns", features.textColumns());
        if (spec.timeColumn() != null) {
            requireColumns(raw, path, "cv.time-column", List.of(spec.timeColumn()));
        }
        if (spec.recommendation() != null) {
            requireColumns(raw, path, "recommendation.user-column", List.of(spec.recommendation().userColumn()));
            requireColumns(raw, path, "recommendation.item-column", List.of(spec.recommendation().itemColumn()));
        }
        if (!features.infersNumeric()) {
            requireColumns(raw, path, "features.numeric", features.numeric());
        }
    }

    /**
     * Loads rows to score and checks them against the schema the model was trained on: every input
     * column present, numeric columns numeric, at least one row. One Spark job (the profile).
     */
    public Dataset<Row> loadForScoring(DataSource source, DatasetSchema schema) {
        Dataset<Row> raw = readForScoring(source, schema);
        ColumnProfile profile = ColumnProfile.of(raw, schema.numeric());
        if (profile.rows() == 0) {
            throw TrainyardException.data("Input " + source.path() + " has no rows; check the path or the upstream job that writes it");
        }
        for (String column : schema.numeric()) {
            ColumnProfile.Stats stats = profile.of(column);
            if (stats.unparsable() > 0) {
                throw ColumnChecks.notNumeric(column, stats, source.path());
            }
        }
        return typed(raw, schema);
    }

    /**
     * The raw rows to score, after the checks that need no Spark job: every input column of the
     * model present, numeric columns of a type that can hold numbers. Content checks (text in
     * numeric columns, nulls, unseen categories) are {@link InputAudit}'s.
     */
    public Dataset<Row> readForScoring(DataSource source, DatasetSchema schema) {
        return checkForScoring(read(source), source.path(), schema);
    }

    /** Fails (exit 3) when {@code raw} lacks one of the model's input columns or holds a numeric one as another type. */
    public static Dataset<Row> checkForScoring(Dataset<Row> raw, String path, DatasetSchema schema) {
        requireColumns(raw, path, "the model's input columns", schema.inputColumns());
        checkNumericTypes(raw, schema.numeric(), path);
        return raw;
    }

    /**
     * The training input, to be kept (memory, spilling to disk) so that the load checks, the folds,
     * the refit and the holdout read it once: a CSV is otherwise parsed again by each of them. An
     * input in fewer partitions than the session has cores (a gzip file is one partition: gzip cannot
     * be split) is first spread over the cores, so that every later stage uses them all (one input
     * file read as one partition needs no sort to keep the rows' order fixed: see
     * {@link Columns#spread(Dataset, int, boolean)}).
     */
    private Dataset<Row> spread(Dataset<Row> raw) {
        int cores = spark.sparkContext().defaultParallelism();
        int partitions = raw.rdd().getNumPartitions();
        if (partitions >= cores) {
            return raw;
        }
        // one partition of one file: Spark packs several small files into a partition in listing order
        boolean oneSource = partitions == 1 && raw.inputFiles().length == 1;
        return Columns.spread(raw, cores, !oneSource);
    }

    /** Reads the raw rows; every CSV column is read as text, so that type checks are ours. */
    public Dataset<Row> read(DataSource source) {
        requireExists(source.path());
        if (DataSource.PARQUET.equals(source.format())) {
            return readParquet(source.path());
        }
        Dataset<Row> raw = spark.read()
                .option("header", source.header())
                .option("delimiter", source.delimiter())
                .option("quote", "\"")
                .option("escape", "\"")
                .option("inferSchema", false)
                .option("mode", "FAILFAST")
                .csv(source.path());
        if (raw.columns().length == 0) {
            throw TrainyardException.data("Input " + source.path() + " is empty: no header line and no rows");
        }
        return raw;
    }

    /**
     * Parquet files, or a data error (exit 3) in one line when they are not Parquet (a CSV file
     * without a .csv name, say): Spark reads the footers here, when it infers the schema.
     */
    private Dataset<Row> readParquet(String path) {
        try {
            return spark.read().parquet(path);
        } catch (Exception e) { // Spark's SparkException is checked, though Scala does not declare it
            for (Throwable t = e; t != null; t = t.getCause()) {
                String message = String.valueOf(t.getMessage());
                if (message.contains("is not a Parquet file") || message.contains("UNABLE_TO_INFER_SCHEMA")
                        || message.contains("Unable to infer schema for Parquet")) {
                    throw TrainyardException.data("Input " + path + " is not Parquet (read as Parquet because its name"
                            + " does not end in .csv, .csv.gz or .tsv): for CSV pass --input-format csv (score) or"
                            + " set data.format: csv (train)");
                }
                if (t.getCause() == t) {
                    break;
                }
            }
            throw e;
        }
    }

    private void requireExists(String path) {
        try {
            Path hadoopPath = new Path(path);
            FileSystem fs = FileSystems.of(hadoopPath, spark.sparkContext().hadoopConfiguration(), "Input path");
            FileStatus[] matches = fs.globStatus(hadoopPath);
            if (matches == null || matches.length == 0) {
                throw TrainyardException.usage("Input path " + path + " does not exist");
            }
        } catch (IOException e) {
            throw TrainyardException.usage("Input path " + path + " cannot be read: " + e.getMessage());
        }
    }

    private static void requireColumns(Dataset<Row> raw, String path, String role, List<String> wanted) {
        List<String> present = List.of(raw.columns());
        for (String column : wanted) {
            if (!present.contains(column)) {
                String shown = present.size() <= 12 ? String.join(", ", present)
                        : String.join(", ", present.subList(0, 12)) + ", … (" + present.size() + " columns)";
                throw TrainyardException.data("Column '" + column + "' (" + role + ") not found in " + path
                        + Suggestions.didYouMean(column, present) + " Columns are: " + shown);
            }
        }
    }

    private static Map<String, Long> labelCounts(Dataset<Row> raw, String label, String path, int maxValues) {
        List<Row> rows = raw.groupBy(col(Columns.quote(label)).cast("string").as("value"))
                .count().orderBy(desc("count")).limit(maxValues + 1).collectAsList();
        if (rows.isEmpty()) {
            throw TrainyardException.data("Input " + path + " has no rows; a model needs data to train on");
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.isNullAt(0)) {
                throw TrainyardException.data("Label column '" + label + "' is empty in " + row.getLong(1)
                        + " rows of " + path + "; drop those rows upstream or fill them in");
            }
            counts.put(row.getString(0), row.getLong(1));
        }
        return counts;
    }

    /**
     * Of {@code columns}, those training would take as numeric: numeric-typed, or text whose every
     * value parses as a number. One Spark job.
     */
    public static List<String> numericColumns(Dataset<Row> raw, List<String> columns) {
        List<String> capable = columns.stream().filter(c -> ColumnProfile.numericCapable(raw.schema().apply(c).dataType())
                && !(raw.schema().apply(c).dataType() instanceof BooleanType)).toList();
        ColumnProfile profile = ColumnProfile.of(raw, capable);
        return capable.stream().filter(c -> profile.of(c).unparsable() == 0).toList();
    }

    private static List<String> numericCandidates(Dataset<Row> raw, DatasetSpec spec) {
        FeatureColumns features = spec.features();
        List<String> candidates;
        if (features.infersNumeric()) {
            Set<String> taken = new LinkedHashSet<>(spec.idColumns());
            taken.add(spec.label().column());
            taken.addAll(features.categorical());
            taken.addAll(features.exclude());
            taken.addAll(features.textColumns());
            if (spec.timeColumn() != null) {
                taken.add(spec.timeColumn());
            }
            candidates = new ArrayList<>();
            for (String column : raw.columns()) {
                if (!taken.contains(column)) {
                    candidates.add(column);
                }
            }
        } else {
            candidates = features.numeric();
        }
        return candidates;
    }

    private static List<String> checkNumericTypes(Dataset<Row> raw, List<String> columns, String path) {
        for (String column : columns) {
            DataType type = raw.schema().apply(column).dataType();
            if (!ColumnProfile.numericCapable(type)) {
                throw TrainyardException.data("Column '" + column + "' in " + path + " has type "
                        + type.simpleString() + "; numeric features must be numbers. List it under features.exclude"
                        + " or derive a number from it upstream");
            }
        }
        return columns;
    }

    /** Ids and categorical columns as strings, numeric columns as doubles, the raw label column when present. */
    public static Dataset<Row> typed(Dataset<Row> raw, DatasetSchema schema) {
        List<Column> columns = new ArrayList<>();
        for (String id : schema.idColumns()) {
            columns.add(col(Columns.quote(id)).cast("string").as(id));
        }
        for (String column : schema.categorical()) {
            columns.add(col(Columns.quote(column)).cast("string").as(column));
        }
        for (String column : schema.text()) {
            columns.add(col(Columns.quote(column)).cast("string").as(column));
        }
        for (String column : schema.numeric()) {
            columns.add(numericValue(raw, column).as(column));
        }
        if (List.of(raw.columns()).contains(schema.labelColumn())) {
            columns.add(col(Columns.quote(schema.labelColumn())));
        }
        if (List.of(raw.columns()).contains(DatasetSchema.TIME)) {
            columns.add(col(DatasetSchema.TIME));
        }
        return raw.select(columns.toArray(new Column[0]));
    }

    /** A numeric feature as a double: text that does not parse becomes null. */
    static Column numericValue(Dataset<Row> raw, String column) {
        boolean text = raw.schema().apply(column).dataType() instanceof StringType;
        return text ? ColumnProfile.asDouble(column) : col(Columns.quote(column)).cast("double");
    }

    private static String seconds(long startedNanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - startedNanos) / 1e9);
    }
}
