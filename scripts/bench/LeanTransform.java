import static org.apache.spark.sql.functions.col;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Bench helper (run as a single source file): what a Spark classifier's raw-prediction column costs
 * a scoring job that never reads it. Loads the bundle's pipeline, transforms INPUT and writes the
 * prediction and the positive-class probability, alternately as trained (every column) and with
 * the raw prediction turned off (as trainyard's Spark engine does), five times each; prints every time.
 *
 *   source scripts/bench/spark-java.sh
 *   spark_java -Xmx4g scripts/bench/LeanTransform.java /tmp/trainyard-bench/gbt/model/sparkml \
 *       /tmp/trainyard-bench/airline_3m.parquet
 */
public final class LeanTransform {
    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("bench lean transform")
                .config("spark.ui.enabled", "false").getOrCreate();
        Path out = Files.createTempDirectory("lean-transform");
        for (int run = 0; run < 10; run++) {
            boolean lean = run % 2 == 1;
            long started = System.nanoTime();
            PipelineModel model = PipelineModel.load(args[0]);
            Transformer last = model.stages()[model.stages().length - 1];
            if (lean && last instanceof ProbabilisticClassificationModel<?, ?> classifier) {
                classifier.set(classifier.rawPredictionCol(), "");
            }
            Column positive = org.apache.spark.ml.functions.vector_to_array(col("probability"), "float64").getItem(1);
            model.transform(spark.read().parquet(args[1])).select(col("prediction"), positive.as("probability"))
                    .write().mode(SaveMode.Overwrite).parquet(out.resolve(lean ? "lean" : "full").toString());
            System.out.printf(Locale.ROOT, "run %d%s: %s %.2f s%n", run, run < 2 ? " (warm-up)" : "",
                    lean ? "without the raw prediction" : "as trained              ", (System.nanoTime() - started) / 1e9);
        }
        spark.stop();
        try (var paths = Files.walk(out)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
