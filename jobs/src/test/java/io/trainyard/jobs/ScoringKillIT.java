package io.trainyard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.features.testing.SparkSessionExtension;
import io.trainyard.jobs.cli.CliTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scoring JVM killed with SIGKILL at a random moment while it writes a partition: readers
 * still see the previous run's rows, exactly once, and no partial file; the re-run publishes the
 * input's rows exactly once.
 */
@ExtendWith(SparkSessionExtension.class)
class ScoringKillIT {
    private static final int COPIES = 40;
    private static final String PARTITION = "date=2026-11-25";

    @TempDir
    Path dir;

    private final SparkSession spark;

    ScoringKillIT(SparkSession spark) {
        this.spark = spark;
    }

    @Test
    void aKilledRunLeavesThePublishedPartitionIntactAndTheRerunWritesEveryRowOnce() throws Exception {
        ChildJvm jvm = new ChildJvm(dir);
        Path bundle = trainASmallModel(jvm);
        long rows = writeInput(dir.resolve("input"));
        Path output = dir.resolve("scores");

        // run 1 measures how long a run writes (its staging folder appearing to its exit): the kill lands within that
        Process first = jvm.start("run-1", scoreCommand(bundle, output, "run-1"));
        awaitWriting(jvm, first, output, "run-1");
        long writeStarted = System.nanoTime();
        assertThat(first.waitFor(5, TimeUnit.MINUTES)).isTrue();
        long writing = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - writeStarted);
        assertThat(first.exitValue()).as(jvm.err("run-1")).isZero();
        assertPublished(output, rows, "run-1");

        long seed = System.nanoTime();
        Random random = new Random(seed);
        Process killed = jvm.start("run-2", scoreCommand(bundle, output, "run-2"));
        awaitWriting(jvm, killed, output, "run-2");
        long delay = random.nextInt((int) Math.max(1, writing * 8 / 10));
        Thread.sleep(delay);
        killed.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
        String when = "killed " + delay + " ms after the write began, of the " + writing + " ms run 1 wrote (seed "
                + seed + ")";
        assertThat(killed.exitValue()).as(when).isNotZero();
        String survivor = jobIds(output).get(0);
        assertThat(survivor).as(when + ": the published partition is one run's").isIn("run-1", "run-2");
        assertPublished(output, rows, survivor);

        assertThat(score(jvm, bundle, output, "run-3").code()).as(jvm.err("run-3")).isZero();
        assertPublished(output, rows, "run-3");
    }

    /** Waits (up to 5 minutes) until the run has begun writing: its hidden staging folder exists. */
    private static void awaitWriting(ChildJvm jvm, Process run, Path output, String jobId) throws Exception {
        Path staging = output.resolve("." + PARTITION + ".staging-" + jobId);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.exists(staging) && run.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(Files.exists(staging)).as("%s started writing; stderr: %s", jobId, jvm.err(jobId)).isTrue();
    }

    private Path trainASmallModel(ChildJvm jvm) throws IOException, InterruptedException {
        Path config = CliTest.smallChurnConfig(dir.resolve("churn.yaml"), dir.resolve("run"));
        ChildJvm.Outcome train = jvm.run("train", ChildJvm.submit(List.of("--master", "local[2]"), "train", "--config",
                config.toString(), "--store", dir.resolve("mlruns").toString(), "--json"));
        assertThat(train.code()).as(train.err()).isZero();
        return dir.resolve("run/model");
    }

    /** The churn sample {@value #COPIES} times over, each copy with its own customer ids, in as many files. */
    private long writeInput(Path input) {
        Dataset<Row> churn = spark.read().option("header", true)
                .csv(SparkSessionExtension.repoFile("data/samples/mlc_churn.csv").toString());
        Dataset<Row> copies = spark.range(COPIES).toDF("copy").crossJoin(churn)
                .selectExpr("concat(customer_id, '-', copy) as customer_id", "*").drop("copy")
                .drop(churn.col("customer_id"));
        copies.repartition(COPIES).write().option("header", true).csv(input.toString());
        return churn.count() * COPIES;
    }

    private static List<String> scoreCommand(Path bundle, Path output, String jobId) throws IOException {
        return ChildJvm.submit(List.of("--master", "local[2]"), "score", "--model", bundle.toString(), "--input",
                bundle.getParent().getParent().resolve("input").toString() + "/*.csv", "--output", output.toString(),
                "--partition", PARTITION, "--job-id", jobId, "--json");
    }

    private static ChildJvm.Outcome score(ChildJvm jvm, Path bundle, Path output, String jobId) throws Exception {
        return jvm.run(jobId, scoreCommand(bundle, output, jobId));
    }

    private List<String> jobIds(Path output) {
        return spark.read().parquet(output.toString()).select("job_id").distinct().collectAsList().stream()
                .map(r -> r.getString(0)).toList();
    }

    /** What a reader of the output sees: one run's rows, each input row once, and only finished files. */
    private void assertPublished(Path output, long rows, String jobId) throws IOException {
        Dataset<Row> published = spark.read().parquet(output.toString());
        assertThat(jobIds(output)).containsExactly(jobId);
        assertThat(published.count()).isEqualTo(rows);
        assertThat(published.select("customer_id").distinct().count()).isEqualTo(rows);
        List<String> visible = new ArrayList<>();
        try (Stream<Path> files = Files.walk(output)) {
            files.filter(Files::isRegularFile).map(p -> output.relativize(p).toString())
                    .filter(p -> !p.startsWith(".")).forEach(visible::add);
        }
        assertThat(visible).allMatch(p -> p.startsWith(PARTITION + "/") && (p.endsWith(".parquet")
                || p.endsWith(".crc") || p.endsWith("_SUCCESS") || p.endsWith("_trainyard.json")), "finished files only");
        assertThat(new ObjectMapper().readTree(output.resolve(PARTITION + "/_trainyard.json").toFile())
                .get("rows").asLong()).isEqualTo(rows);
    }
}
