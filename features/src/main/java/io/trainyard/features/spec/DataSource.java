package io.trainyard.features.spec;

import java.util.Locale;

/**
 * Where a dataset lives and how to read it.
 *
 * @param path a file, a folder or a glob, on any Hadoop file system (local paths, {@code hdfs:}, {@code s3a:})
 * @param format {@code csv} or {@code parquet}; when absent, taken from the path's extension
 * @param delimiter CSV field delimiter, {@code ,} by default
 * @param header whether the CSV's first line names the columns, true by default
 */
public record DataSource(String path, String format, String delimiter, Boolean header) {
    public static final String CSV = "csv";
    public static final String PARQUET = "parquet";

    public DataSource {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("a path is required, e.g. path: data/samples/mlc_churn.csv");
        }
        format = format == null ? formatOf(path) : format.toLowerCase(Locale.ROOT);
        if (!CSV.equals(format) && !PARQUET.equals(format)) {
            throw new IllegalArgumentException("format must be csv or parquet, found '" + format + "'");
        }
        delimiter = delimiter == null ? "," : delimiter;
        if (delimiter.isEmpty()) {
            throw new IllegalArgumentException("delimiter must not be empty; use ',' or '\\t'");
        }
        header = header == null || header;
    }

    public static DataSource of(String path, String format) {
        return new DataSource(path, format, null, null);
    }

    /** {@code csv} for {@code .csv}, {@code .csv.gz}, {@code .tsv}; {@code parquet} otherwise (files or folders). */
    static String formatOf(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.endsWith(".csv") || lower.endsWith(".csv.gz") || lower.endsWith(".tsv") ? CSV : PARQUET;
    }
}
