package io.trainyard.features.load;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
     * {@code rows} in {@code partitions} partitions of about equal size, by a hash of every column:
     * unlike a round-robin, a hash needs no sort to put a retried task's rows where they were.
     */
    public static Dataset<Row> spread(Dataset<Row> rows, int partitions) {
        return rows.repartition(partitions, Arrays.stream(rows.columns()).map(c -> rows.col(quote(c))).toArray(Column[]::new));
    }

    public static Seq<String> seq(String... names) {
        return seq(Arrays.asList(names));
    }
}
