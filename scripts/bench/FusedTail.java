import io.trainyard.scoring.SparkPipelineEngine;
import io.trainyard.serving.bundle.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Bench helper (run as a single source file): trainyard's Spark engine with its fused tail (one-hot
 * encoding, assembly and model in one function per row) against the same engine running Spark's
 * transform stage by stage ({@code spark.trainyard.scoring.fused=false}), alternately, five times
 * each after a warm-up of each, each loading the pipeline and writing the engine's output columns
 * to Parquet (no audit, stamps or publication: the engine alone); prints every time.
 *
 *   source scripts/bench/spark-java.sh
 *   spark_java -Xmx4g scripts/bench/FusedTail.java /tmp/trainyard-bench/gbt/model \
 *       /tmp/trainyard-bench/airline_3m.parquet
 */
public final class FusedTail {
    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("bench fused tail")
                .config("spark.ui.enabled", "false").getOrCreate();
        ModelBundle bundle = ModelBundle.open(Path.of(args[0]));
        Path out = Files.createTempDirectory("fused-tail");
        for (int run = 0; run < 12; run++) {
            boolean fused = run % 2 == 0;
            spark.conf().set(SparkPipelineEngine.FUSED, String.valueOf(fused));
            long started = System.nanoTime();
            new SparkPipelineEngine(bundle).score(spark.read().parquet(args[1]))
                    .write().mode(SaveMode.Overwrite).parquet(out.resolve(fused ? "fused" : "spark").toString());
            System.out.printf(Locale.ROOT, "run %d%s: %s %.2f s%n", run, run < 2 ? " (warm-up)" : "",
                    fused ? "fused tail        " : "Spark's transform ", (System.nanoTime() - started) / 1e9);
        }
        spark.stop();
        try (var paths = Files.walk(out)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
