package io.trainyard.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.features.testing.SparkSessionExtension;
import io.trainyard.jobs.cli.CliTest.Run;
import io.trainyard.jobs.tracking.ScoringRun;
import io.trainyard.serving.bundle.ModelBundle;
import io.trainyard.tracking.TrackedRun;
import io.trainyard.tracking.TrackingClient;
import io.trainyard.tracking.rest.TrackingConfig;
import io.trainyard.tracking.server.EmbeddedTrackingServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Scheduled bulk scoring: partitions, manifests, invalid-row policies, drift and the MLflow run. */
@ExtendWith(SparkSessionExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScoreCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private final SparkSession spark;
    private String bundle;
    private String holdout;
    private long holdoutRows;

    ScoreCommandTest(SparkSession spark) {
        this.spark = spark;
    }

    @BeforeAll
    void trainASmallModel() throws IOException {
        Path config = CliTest.smallChurnConfig(dir.resolve("churn-small.yaml"), dir.resolve("run"));
        Run train = CliTest.run("train", "--config", config.toString(), "--json", "--store", store());
        assertThat(train.code()).as(train.err()).isZero();
        bundle = train.json().get("bundle").asText();
        holdout = train.json().get("holdout_path").asText();
        holdoutRows = spark.read().parquet(holdout).count();
    }

    private static String store() {
        return dir.resolve("mlruns").toString();
    }

    private Run score(String output, String... extra) {
        return scoreInput(holdout, output, extra);
    }

    private Run scoreInput(String input, String output, String... extra) {
        List<String> args = new ArrayList<>(List.of("score", "--model", bundle, "--input", input, "--output", output));
        args.addAll(List.of(extra));
        return CliTest.run(args.toArray(new String[0]));
    }

    @Test
    void trainingStoresADriftProfileThatTheChecksumsCover() throws IOException {
        Path profile = Path.of(bundle, "drift_profile.json");
        JsonNode features = JSON.readTree(profile.toFile()).get("features");
        assertThat(features.findValuesAsText("name")).contains("total_day_minutes", "state", "international_plan");
        for (JsonNode feature : features) {
            double sum = 0;
            for (JsonNode share : feature.get("expected")) {
                sum += share.asDouble();
            }
            assertThat(sum).as(feature.get("name").asText()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        }
        assertThat(ModelBundle.open(Path.of(bundle)).manifest().files()).containsKey("drift_profile.json");
    }

    @Test
    void aPartitionIsReplacedAloneAndNeverDuplicated() throws IOException {
        String output = dir.resolve("partitioned").toString();
        assertThat(score(output, "--partition", "date=2026-11-24", "--job-id", "job-24").code()).isZero();
        Run first = score(output, "--partition", "date=2026-11-25", "--job-id", "job-25a", "--json");
        assertThat(first.code()).as(first.err()).isZero();
        Run again = score(output, "--partition", "date=2026-11-25", "--job-id", "job-25b", "--json");
        assertThat(again.code()).as(again.err()).isZero();

        JsonNode summary = again.json();
        assertThat(summary.get("rows_in").asLong()).isEqualTo(holdoutRows);
        assertThat(summary.get("rows").asLong()).isEqualTo(holdoutRows);
        assertThat(summary.get("partition").asText()).isEqualTo("date=2026-11-25");
        assertThat(summary.get("output").asText()).endsWith("partitioned/date=2026-11-25");
        assertThat(summary.get("drift").get("total_day_minutes").asDouble()).isBetween(0.0, 0.1);

        Dataset<Row> all = spark.read().parquet(output);
        assertThat(all.count()).isEqualTo(2 * holdoutRows);
        assertThat(all.filter("date = '2026-11-25'").select("job_id").distinct().collectAsList())
                .extracting(r -> r.getString(0)).containsExactly("job-25b");
        assertThat(all.filter("date = '2026-11-24'").select("job_id").distinct().collectAsList())
                .extracting(r -> r.getString(0)).containsExactly("job-24");
        assertThat(all.filter("date = '2026-11-25'").select("customer_id").distinct().count()).isEqualTo(holdoutRows);

        JsonNode manifest = JSON.readTree(Path.of(output, "date=2026-11-25", "_trainyard.json").toFile());
        assertThat(manifest.get("rows").asLong()).isEqualTo(holdoutRows);
        assertThat(manifest.get("job_id").asText()).isEqualTo("job-25b");
        assertThat(manifest.get("model_name").asText()).isEqualTo("churn");
        assertThat(manifest.get("input_fingerprint").asText()).hasSize(16);
        assertThat(manifest.get("drift").has("state")).isTrue();
        try (Stream<Path> visible = Files.list(Path.of(output))) {
            assertThat(visible.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
                    .containsExactlyInAnyOrder("date=2026-11-24", "date=2026-11-25");
        }
        try (Stream<Path> hidden = Files.list(Path.of(output))) {
            assertThat(hidden.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("staging")
                    || n.contains("replaced"));
        }
    }

    /**
     * The same publication on a real HDFS (an in-process NameNode and DataNode, Hadoop 3.3.4 as Spark's
     * client): the partition is written, replaced by a re-run, its manifest beside it, nothing hidden left.
     */
    @Test
    void publishesAPartitionOnHdfsAndReplacesItOnARerun() throws IOException {
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        try {
            cluster.waitActive();
            FileSystem hdfs = cluster.getFileSystem();
            String output = hdfs.getUri() + "/scores";
            Run first = score(output, "--partition", "date=2026-11-25", "--job-id", "hdfs-a", "--json");
            assertThat(first.code()).as(first.err()).isZero();
            Run again = score(output, "--partition", "date=2026-11-25", "--job-id", "hdfs-b", "--json");
            assertThat(again.code()).as(again.err()).isZero();
            assertPublishedOnce(hdfs, output, again, "hdfs-b");
        } finally {
            cluster.shutdown();
        }
    }

    /**
     * The same on S3, through S3A (Hadoop's S3 connector, hadoop-aws 3.3.4, as a user adds it at submit
     * time) against S3Proxy, an S3 API server on 127.0.0.1 checking AWS signatures: the input is read from a
     * bucket, the partition published there, a re-run replaces it (rows once, the new job's stamps), the
     * manifest is beside it and nothing hidden is left. The publish warns that S3 renames are copies.
     */
    @Test
    void readsFromS3AndPublishesAPartitionThereReplacingItOnARerun(@TempDir Path s3dir) throws Exception {
        org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        try (S3ProxyServer s3 = S3ProxyServer.start(s3dir)) {
            s3.createBucket("lake");
            s3.configure(hadoop);
            try {
                String input = "s3a://lake/customers/date=2026-11-25";
                spark.read().parquet(holdout).write().parquet(input);
                String output = "s3a://lake/churn_scores";
                Run first = scoreInput(input + "/", output, "--partition", "date=2026-11-25", "--json", "--job-id", "s3-a");
                assertThat(first.code()).as(first.err()).isZero();
                Run again = scoreInput(input + "/", output, "--partition", "date=2026-11-25", "--json", "--job-id", "s3-b");
                assertThat(again.code()).as(again.err()).isZero();

                assertThat(again.json().get("rows_in").asLong()).isEqualTo(holdoutRows);
                assertThat(again.json().get("input_fingerprint").asText()).hasSize(16)
                        .isEqualTo(first.json().get("input_fingerprint").asText());
                assertPublishedOnce(FileSystem.get(java.net.URI.create("s3a://lake/"), hadoop), output, again, "s3-b");
            } finally {
                s3.unconfigure(hadoop);
            }
        }
    }

    /**
     * {@code output}'s partition date=2026-11-25 as {@code run} published it: every holdout row once, the
     * job's stamps, its manifest beside it, and no other name (staging, renamed-aside) in the folder.
     */
    private void assertPublishedOnce(FileSystem fs, String output, Run run, String jobId) throws IOException {
        String partition = output + "/date=2026-11-25";
        assertThat(run.json().get("output").asText()).isEqualTo(partition);
        Dataset<Row> rows = spark.read().parquet(partition);
        assertThat(rows.count()).isEqualTo(holdoutRows);
        assertThat(rows.select("customer_id").distinct().count()).isEqualTo(holdoutRows);
        assertThat(rows.select("job_id").distinct().collectAsList()).extracting(r -> r.getString(0))
                .containsExactly(jobId);
        JsonNode manifest;
        try (var in = fs.open(new org.apache.hadoop.fs.Path(partition + "/_trainyard.json"))) {
            manifest = JSON.readTree(in);
        }
        assertThat(manifest.get("rows").asLong()).isEqualTo(holdoutRows);
        assertThat(manifest.get("job_id").asText()).isEqualTo(jobId);
        assertThat(Stream.of(fs.listStatus(new org.apache.hadoop.fs.Path(output)))
                .map(status -> status.getPath().getName())).containsExactly("date=2026-11-25");
    }

    @Test
    void aPartitionOfAnotherModelOrForeignFilesAreRefused() throws IOException {
        Path output = dir.resolve("shared");
        Files.createDirectories(output.resolve("date=2026-11-20"));
        Files.writeString(output.resolve("date=2026-11-20/_trainyard.json"), "{\"job\":\"fraud\",\"model_name\":"
                + "\"fraud\",\"scored_at\":\"2026-11-20T00:00:00Z\"}");
        Run refused = score(output.toString(), "--partition", "date=2026-11-25");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("holds the results of another job (model 'fraud'");
        assertThat(output.resolve("date=2026-11-25")).doesNotExist();

        Path foreign = dir.resolve("foreign-root");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("report.csv"), "mine");
        Run notOurs = score(foreign.toString(), "--partition", "date=2026-11-25");
        assertThat(notOurs.code()).isEqualTo(2);
        assertThat(notOurs.err()).contains("already holds files that trainyard did not write");

        Run bad = score(dir.resolve("x").toString(), "--partition", "date=../etc");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--partition date=../etc is not a partition like date=2026-11-25");
    }

    /** The first rows of the churn sample, with a missing number, an unseen state and text in a number. */
    private Path damagedCsv() throws IOException {
        List<String> lines = Files.readAllLines(SparkSessionExtension.repoFile("data/samples/mlc_churn.csv"))
                .subList(0, 201);
        List<String> damaged = new ArrayList<>(lines);
        damaged.set(1, lines.get(1).replace(",128,", ",,"));
        damaged.set(2, lines.get(2).replaceFirst("\"OH\"", "\"XX\""));
        damaged.set(3, lines.get(3).replace(",137,", ",n/a,"));
        Path file = dir.resolve("damaged.csv");
        Files.write(file, damaged);
        return file;
    }

    @Test
    void invalidRowsAreCountedAndHandledPerPolicy() throws IOException {
        String input = damagedCsv().toString();
        Path skipped = dir.resolve("skipped");
        Run skip = CliTest.run("score", "--model", bundle, "--input", input, "--output", skipped.toString(),
                "--on-invalid", "skip", "--json");
        assertThat(skip.code()).as(skip.err()).isZero();
        JsonNode summary = skip.json();
        assertThat(summary.get("rows_in").asLong()).isEqualTo(200);
        assertThat(summary.get("rejected_rows").asLong()).isEqualTo(3);
        assertThat(summary.get("rows").asLong()).isEqualTo(197);
        assertThat(summary.at("/missing/account_length").asLong()).isEqualTo(1);
        assertThat(summary.at("/unseen/state").asLong()).isEqualTo(1);
        assertThat(spark.read().parquet(skipped.toString()).count()).isEqualTo(197);

        Path kept = dir.resolve("kept");
        Run keep = CliTest.run("score", "--model", bundle, "--input", input, "--output", kept.toString());
        assertThat(keep.code()).isEqualTo(3);
        assertThat(keep.err()).contains("Column 'account_length' in ", "must be numeric but holds text in 1 rows"
                + " (e.g. 'n/a'); fix the data, or pass --on-invalid skip to score the other rows");
        assertThat(kept).doesNotExist();

        Path unseenOnly = dir.resolve("unseen.csv");
        List<String> lines = Files.readAllLines(Path.of(input));
        Files.write(unseenOnly, List.of(lines.get(0), lines.get(2), lines.get(4)));
        Path refused = dir.resolve("refused");
        Run error = CliTest.run("score", "--model", bundle, "--input", unseenOnly.toString(), "--output",
                refused.toString(), "--on-invalid", "error");
        assertThat(error.code()).isEqualTo(3);
        assertThat(error.err()).contains("Column 'state' in ", "holds 1 values not seen in training (e.g. 'XX') and"
                + " --on-invalid is error");
        assertThat(refused).doesNotExist();
        try (Stream<Path> siblings = Files.list(dir)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("staging"));
        }
    }

    @Test
    void parquetRowsWithGapsAndUnseenCategoriesAreCountedAndHandledPerPolicy() throws IOException {
        Path damaged = dir.resolve("damaged.parquet");
        Dataset<Row> rows = spark.read().parquet(holdout)
                .withColumn("account_length", when(col("total_day_calls").lt(80), lit(null))
                        .otherwise(col("account_length")))
                .withColumn("state", when(col("total_eve_calls").gt(120), lit("XX")).otherwise(col("state")));
        rows.write().parquet(damaged.toString());
        long missing = rows.filter(col("account_length").isNull()).count();
        long unseen = rows.filter(col("state").equalTo("XX")).count();
        long invalid = rows.filter(col("account_length").isNull().or(col("state").equalTo("XX"))).count();
        assertThat(missing).isPositive();
        assertThat(unseen).isPositive();
        assertThat(invalid).isLessThan(missing + unseen);

        Run keep = CliTest.run("score", "--model", bundle, "--input", damaged.toString(), "--output",
                dir.resolve("kept-parquet").toString(), "--json");
        assertThat(keep.code()).as(keep.err()).isZero();
        assertThat(keep.json().get("rows").asLong()).isEqualTo(holdoutRows);
        assertThat(keep.json().at("/missing/account_length").asLong()).isEqualTo(missing);
        assertThat(keep.json().at("/unseen/state").asLong()).isEqualTo(unseen);

        Path skipped = dir.resolve("skipped-parquet");
        Run skip = CliTest.run("score", "--model", bundle, "--input", damaged.toString(), "--output",
                skipped.toString(), "--on-invalid", "skip", "--json");
        assertThat(skip.code()).as(skip.err()).isZero();
        assertThat(skip.json().get("rejected_rows").asLong()).isEqualTo(invalid);
        assertThat(spark.read().parquet(skipped.toString()).count()).isEqualTo(holdoutRows - invalid);

        Run error = CliTest.run("score", "--model", bundle, "--input", damaged.toString(), "--output",
                dir.resolve("refused-parquet").toString(), "--on-invalid", "error");
        assertThat(error.code()).isEqualTo(3);
        assertThat(error.err()).contains("is missing in " + missing + " rows and --on-invalid is error");
        assertThat(dir.resolve("refused-parquet")).doesNotExist();
    }

    @Test
    void driftBeyondTheBoundPublishesNothingAndIsLoggedToMlflow() throws IOException {
        Path shifted = dir.resolve("shifted");
        spark.read().parquet(holdout).selectExpr("*", "total_day_minutes * 2 + 100 as shifted_minutes")
                .drop("total_day_minutes").withColumnRenamed("shifted_minutes", "total_day_minutes")
                .write().parquet(shifted.toString());
        String output = dir.resolve("drifted").toString();
        Run good = score(output, "--partition", "date=2026-11-25", "--job-id", "good", "--fail-on-drift", "0.25",
                "--store", store());
        assertThat(good.code()).as(good.err()).isZero();

        Run drifted = CliTest.run("score", "--model", bundle, "--input", shifted.toString(), "--output", output,
                "--partition", "date=2026-11-25", "--job-id", "drifted", "--fail-on-drift", "0.25", "--store", store(),
                "--json");
        assertThat(drifted.code()).isEqualTo(3);
        assertThat(drifted.err()).containsPattern("Drift beyond --fail-on-drift 0.25 in 1 feature: total_day_minutes"
                + " PSI [0-9.]+; nothing published to ");
        assertThat(drifted.json().get("status").asText()).isEqualTo("error");
        assertThat(spark.read().parquet(output).select("job_id").distinct().collectAsList())
                .extracting(r -> r.getString(0)).containsExactly("good");
        // nothing staged is left behind
        try (Stream<Path> files = Files.walk(Path.of(output))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("staging"));
        }

        try (EmbeddedTrackingServer server = EmbeddedTrackingServer.start("127.0.0.1", 0, Path.of(store()));
             TrackingClient client = TrackingClient.connect(TrackingConfig.of(server.uri()))) {
            List<TrackedRun> runs = client.searchRuns(List.of(client.experimentId(ScoringRun.experiment("churn"))),
                    "", 10);
            assertThat(runs).extracting(TrackedRun::status).contains("FINISHED", "FAILED");
            TrackedRun failed = runs.stream().filter(r -> r.status().equals("FAILED")).findFirst().orElseThrow();
            assertThat(failed.metrics()).containsKeys("rows_in", "rows_out", "rejected_rows", "seconds",
                    "rows_per_second", "drift.psi.total_day_minutes", "drift.psi_max");
            assertThat(failed.metrics().get("drift.psi.total_day_minutes")).isGreaterThan(0.25);
            assertThat(failed.metrics().get("rows_in")).isEqualTo((double) holdoutRows);
            // the outcome a scheduler reads after a cluster-mode run
            assertThat(failed.tags()).containsEntry("trainyard.exit_code", "3").containsEntry("trainyard.exit_category",
                    "data");
            assertThat(runs).filteredOn(r -> r.status().equals("FINISHED")).allSatisfy(r -> assertThat(r.tags())
                    .containsEntry("trainyard.exit_code", "0").containsEntry("trainyard.exit_category", "ok"));
        }
    }

    @Test
    void aBundleWithoutADriftProfileScoresWithAWarning() throws IOException {
        Path copy = dir.resolve("old-bundle");
        try (Stream<Path> paths = Files.walk(Path.of(bundle))) {
            for (Path p : paths.toList()) {
                Path target = copy.resolve(Path.of(bundle).relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        Files.delete(copy.resolve("drift_profile.json"));
        ModelBundle.seal(copy, ModelBundle.open(Path.of(bundle)).manifest());
        Path output = dir.resolve("old-scores");
        Run run = CliTest.run("score", "--model", copy.toString(), "--input", holdout, "--output", output.toString(),
                "--fail-on-drift", "0.25");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("drift      not checked: the bundle has no drift profile");
        assertThat(JSON.readTree(output.resolve("_trainyard.json").toFile()).get("drift").size()).isZero();
    }
}
