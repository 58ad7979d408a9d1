package io.trainyard.jobs.bench;

import static org.apache.spark.sql.functions.col;

import io.trainyard.features.spec.DataSource;
import io.trainyard.scoring.InvalidRows;
import io.trainyard.scoring.ScoreJob;
import io.trainyard.scoring.ScoreRequest;
import io.trainyard.scoring.ScoreResult;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The scoring benchmark behind {@code scripts/bench/score.sh} (not a test: timings never assert).
 *
 * <pre>
 *   ScoreBench prepare CSV WORK          # WORK/airline_1m.parquet, airline_3m.parquet (3 x 1M), airline_train.parquet (200k)
 *   ScoreBench time BUNDLE INPUT WORK [keep|skip|error]   # Spark's plain PipelineModel.transform + Parquet write
 *                                                         # vs trainyard's ScoreJob with that --on-invalid policy
 * </pre>
 */
public final class ScoreBench {
    /** Measured runs of each side after the warm-up (score.sh: REPEATS=N); the best counts. */
    private static final int REPEATS = Integer.getInteger("bench.repeats", 1);

    private ScoreBench() {
    }

    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("trainyard score bench")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
        if (args[0].equals("prepare")) {
            prepare(spark, args[1], Paths.get(args[2]));
        } else {
            time(spark, Paths.get(args[1]), args[2], Paths.get(args[3]),
                    InvalidRows.of(args.length > 4 ? args[4] : "keep"));
        }
        spark.stop();
    }

    /** The inputs, in two files per core for 1M rows and six per core for 3M: every core has tasks to run. */
    private static void prepare(SparkSession spark, String csv, Path work) {
        int cores = spark.sparkContext().defaultParallelism();
        var rows = spark.read().option("header", true).option("inferSchema", true).csv(csv);
        rows.repartition(2 * cores).write().mode(SaveMode.Overwrite).parquet(work.resolve("airline_1m.parquet").toString());
        var oneMillion = spark.read().parquet(work.resolve("airline_1m.parquet").toString());
        oneMillion.union(oneMillion).union(oneMillion).write().mode(SaveMode.Overwrite)
                .parquet(work.resolve("airline_3m.parquet").toString());
        oneMillion.sample(0.2, 42).write().mode(SaveMode.Overwrite)
                .parquet(work.resolve("airline_train.parquet").toString());
    }

    /** Trainyard and the plain transform alternately, {@link #REPEATS} measured run(s) each after one warm-up of each; the best counts. */
    private static void time(SparkSession spark, Path bundle, String input, Path work, InvalidRows policy) {
        long rows = spark.read().parquet(input).count();
        int cores = spark.sparkContext().defaultParallelism();
        double plain = Double.MAX_VALUE;
        double trainyard = Double.MAX_VALUE;
        for (int run = 0; run <= REPEATS; run++) {
            double p = plain(spark, bundle, input, work.resolve("plain-" + run));
            double t = trainyard(spark, bundle, input, work.resolve("trainyard-" + run), rows, policy);
            System.err.printf(Locale.ROOT, "bench: run %d%s: plain %.1f s, trainyard %.1f s%n", run,
                    run == 0 ? " (warm-up)" : "", p, t);
            if (run > 0) {
                plain = Math.min(plain, p);
                trainyard = Math.min(trainyard, t);
            }
        }
        System.out.printf(Locale.ROOT, "%s %s\t%s\t%d\t%.1f\t%.0f\t%.1f\t%.0f\t%+.1f%%%n", bundle.getParent().getFileName(),
                policy.key(), Paths.get(input).getFileName(), rows, plain, rows / plain / cores, trainyard, rows / trainyard / cores,
                100 * (trainyard - plain) / plain);
    }

    /** The floor: load the pipeline, transform, keep the prediction and the positive-class probability, write Parquet. */
    private static double plain(SparkSession spark, Path bundle, String input, Path output) {
        long started = System.nanoTime();
        PipelineModel model = PipelineModel.load(bundle.resolve("sparkml").toString());
        model.transform(spark.read().parquet(input))
                .select(col("prediction"), org.apache.spark.ml.functions.vector_to_array(col("probability"), "float64")
                        .getItem(1).as("probability"))
                .write().mode(SaveMode.ErrorIfExists).parquet(output.toString());
        return (System.nanoTime() - started) / 1e9;
    }

    /** trainyard's whole job: verify the bundle, check and audit the input, drift, score, stamp, publish. */
    private static double trainyard(SparkSession spark, Path bundle, String input, Path output, long rows,
                                    InvalidRows policy) {
        long started = System.nanoTime();
        ScoreResult result = new ScoreJob(spark).run(new ScoreRequest(bundle, DataSource.of(input, DataSource.PARQUET),
                output.toString(), "bench-" + output.getFileName(), null, null, null, null, policy, null));
        double seconds = (System.nanoTime() - started) / 1e9;
        if (result.rows() != rows) {
            throw new IllegalStateException("trainyard wrote " + result.rows() + " rows of " + rows);
        }
        return seconds;
    }
}
