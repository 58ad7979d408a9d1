import org.apache.spark.sql.SparkSession;

/** Bench helper (run as a single source file): rewrites a Parquet folder as one CSV file folder, for Python without a Parquet reader. */
public final class ParquetToCsv {
    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("bench parquet to csv")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.read().parquet(args[0]).coalesce(1).write().option("header", true).mode("overwrite").csv(args[1]);
        spark.stop();
    }
}
