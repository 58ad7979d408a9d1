package io.trainyard.features.load;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A validated, typed training dataset: id and categorical columns as strings, numeric columns as
 * doubles, the raw label column, and {@link DatasetSchema#LABEL} as 0.0 / 1.0.
 *
 * @param frame the typed rows (not cached: the caller decides)
 * @param schema the resolved roles of the columns
 * @param rows number of rows
 * @param labelCounts rows per raw label value
 * @param missingCounts missing values per numeric feature (only those with any)
 * @param kept the raw input the loader keeps cached for the run, or null; {@link #release()} drops it
 */
public record LoadedDataset(Dataset<Row> frame, DatasetSchema schema, long rows, Map<String, Long> labelCounts,
                            Map<String, Long> missingCounts, Dataset<Row> kept) {
    public LoadedDataset(Dataset<Row> frame, DatasetSchema schema, long rows, Map<String, Long> labelCounts,
                         Map<String, Long> missingCounts) {
        this(frame, schema, rows, labelCounts, missingCounts, null);
    }

    /** Drops the cached input (the run is done with it). */
    public void release() {
        if (kept != null) {
            kept.unpersist();
        }
    }

    public long positives() {
        return labelCounts.getOrDefault(schema.positiveClass(), 0L);
    }
}
