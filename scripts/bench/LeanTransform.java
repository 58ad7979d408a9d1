import io.trainyard.scoring.SparkPipelineEngine;
import io.trainyard.serving.bundle.ModelBundle;
import io.trainyard.serving.bundle.Signature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Bench helper (run as a single source file): what the columns a scoring output never reads cost.
 * Scores INPUT with the bundle's pipeline as trained (every column, then the output's columns
 * selected) and with trainyard's Spark engine (which turns the unread ones off), alternately, five
 * times each, each side loading the pipeline and writing Parquet; prints every time.
 *
 *   source scripts/bench/spark-java.sh
 *   spark_java -Xmx4g scripts/bench/LeanTransform.java /tmp/trainyard-bench/gbt/model \
 *       /tmp/trainyard-bench/airline_3m.parquet
 */
public final class LeanTransform {
    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("bench lean transform")
                .config("spark.ui.enabled", "false").getOrCreate();
        ModelBundle bundle = ModelBundle.open(Path.of(args[0]));
        Signature signature = bundle.signature();
        Path out = Files.createTempDirectory("lean-transform");
        for (int run = 0; run < 10; run++) {
            boolean lean = run % 2 == 1;
            long started = System.nanoTime();
            Dataset<Row> input = spark.read().parquet(args[1]);
            Dataset<Row> scored = lean ? new SparkPipelineEngine(bundle).score(input)
                    : PipelineModel.load(bundle.sparkModelDir().toString()).transform(input)
                            .select(SparkPipelineEngine.predictionColumns(signature).toArray(new Column[0]));
            scored.write().mode(SaveMode.Overwrite).parquet(out.resolve(lean ? "lean" : "full").toString());
            System.out.printf(Locale.ROOT, "run %d%s: %s %.2f s%n", run, run < 2 ? " (warm-up)" : "",
                    lean ? "trainyard's engine        " : "the pipeline as trained  ", (System.nanoTime() - started) / 1e9);
        }
        spark.stop();
        try (var paths = Files.walk(out)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
