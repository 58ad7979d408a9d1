package io.trainyard.features.load;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.AtomicType;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * Column names as Spark expressions and join keys. Spark parses a name given to {@code col} (a dot
 * reaches into a struct, a backtick quotes), so names taken from data ({@code riders (k)},
 * {@code a.b}) are quoted first; joins on column names take a Scala {@code Seq}.
 */
public final class Columns {
    private Columns() {
    }

    /** {@code name} backtick-quoted, inner backticks doubled: Spark reads it as exactly that column. */
    public static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** The names as the Scala {@code Seq} that {@code Dataset.join(other, usingColumns, …)} takes. */
    public static Seq<String> seq(List<String> names) {
        return JavaConverters.asScalaBuffer(names).toSeq();
    }

    /**
     * {@code rows} in {@code partitions} partitions of about equal size, by a hash of every column,
     * each partition sorted by another hash of its rows. The hash needs no sort to put a retried
     * task's rows where they were (a round-robin does); the sort fixes the order of a partition's
     * rows, which would otherwise follow the order shuffle blocks arrive in on a cluster (model
     * subsampling and quantile sketches read rows in order: the same seed must give the same model).
     */
    public static Dataset<Row> spread(Dataset<Row> rows, int partitions) {
        return spread(rows, partitions, true);
    }

    /**
     * As above; {@code ordered} false leaves out the sort, for rows read from one file as one
     * partition: each new partition then reads one shuffle block, the rows in the file's order, on any
     * cluster.
     */
    public static Dataset<Row> spread(Dataset<Row> rows, int partitions, boolean ordered) {
        // Spark hashes no map; other nested columns are left out too (the data's atomic columns decide)
        Column[] all = Arrays.stream(rows.schema().fields()).filter(f -> f.dataType() instanceof AtomicType)
                .map(f -> rows.col(quote(f.name()))).toArray(Column[]::new);
        if (all.length == 0) {
            return rows.repartition(partitions);
        }
        Dataset<Row> spread = rows.repartition(partitions, all);
        return ordered ? spread.sortWithinPartitions(functions.xxhash64(all), functions.hash(all)) : spread;
    }

    public static Seq<String> seq(String... names) {
        return seq(Arrays.asList(names));
    }
}
