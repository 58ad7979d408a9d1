import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Bench helper (run as a single source file): what the six stamp columns of a scoring output cost
 * Parquet's writer by themselves. Writes two computed double columns of INPUT, then the same with
 * trainyard's six constant stamps beside them, alternately, three times each; prints every time.
 *
 *   source scripts/bench/spark-java.sh
 *   spark_java -Xmx4g scripts/bench/StampCost.java /tmp/trainyard-bench/airline_3m.parquet
 */
public final class StampCost {
    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("bench stamp cost")
                .config("spark.ui.enabled", "false").getOrCreate();
        Dataset<Row> input = spark.read().parquet(args[0]);
        Path out = Files.createTempDirectory("stamp-cost");
        for (int run = 0; run < 3; run++) {
            for (boolean stamped : new boolean[] {false, true}) {
                Dataset<Row> rows = input.select(col("distance").multiply(1.5).as("prediction"),
                        col("dep_time").cast("double").as("probability"));
                if (stamped) {
                    rows = rows.select(col("*"), lit("airline-gbt").as("model_name"), lit("3").as("model_version"),
                            lit("champion").as("model_alias"), lit("4311e1da91c44db58562fe7030db5e40").as("run_id"),
                            lit(Timestamp.from(Instant.now())).as("scored_at"),
                            lit("score-20261127T005607-7acfd4e7").as("job_id"));
                }
                long started = System.nanoTime();
                rows.write().mode(SaveMode.Overwrite).parquet(out.resolve(stamped ? "stamped" : "plain").toString());
                System.out.printf(Locale.ROOT, "run %d%s: %s %.2f s%n", run, run == 0 ? " (warm-up)" : "",
                        stamped ? "with the six stamps" : "two columns       ", (System.nanoTime() - started) / 1e9);
            }
        }
        spark.stop();
        try (var paths = Files.walk(out)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
