package io.trainyard.jobs.features;

import io.trainyard.common.TrainyardException;
import io.trainyard.features.load.FileSystems;
import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a Parquet folder that appears whole or not at all: Spark writes into a hidden staging
 * folder beside the target (readers skip names starting with '.'), which replaces the target only
 * once complete. A failed write leaves the previous folder as it was.
 */
public final class StagedParquet {
    private StagedParquet() {
    }

    public static void write(SparkSession spark, Dataset<Row> rows, String output) {
        Path target = new Path(output);
        Path staging = new Path(target.getParent(), "." + target.getName() + ".staging-" + UUID.randomUUID());
        try {
            FileSystem fs = FileSystems.of(target, spark.sparkContext().hadoopConfiguration(), "Output");
            try {
                rows.write().parquet(staging.toString());
                if (fs.exists(target) && !fs.delete(target, true)) {
                    throw new IOException("cannot delete the previous " + target);
                }
                if (!fs.rename(staging, target)) {
                    throw new IOException("cannot rename " + staging + " to " + target);
                }
            } finally {
                if (fs.exists(staging)) {
                    fs.delete(staging, true);
                }
            }
        } catch (IOException e) {
            throw TrainyardException.internal("Cannot write " + output + ": " + e.getMessage(), e);
        }
    }
}
