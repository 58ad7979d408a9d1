package io.trainyard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.jobs.cli.CliTest;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on 127.0.0.1 (a master and two one-core workers, from the Spark
 * jars of the local Maven repository: no download, no Spark install), and the shaded jar
 * submitted to it with Spark's own {@code SparkSubmit}: XGBoost trains with two workers, one task
 * on each executor, then the holdout is scored into a partition. Run by {@code .ci/run}; plain
 * {@code mvn verify} skips the {@code cluster} tag unless {@code -Dit.excludedGroups=none}.
 */
@Tag("cluster")
class StandaloneClusterIT {
    @TempDir
    Path dir;

    private final List<Process> daemons = new ArrayList<>();

    @AfterEach
    void stopTheDaemons() throws InterruptedException {
        for (int i = daemons.size() - 1; i >= 0; i--) {
            daemons.get(i).destroy();
        }
        for (Process daemon : daemons) {
            if (!daemon.waitFor(20, TimeUnit.SECONDS)) {
                daemon.descendants().forEach(ProcessHandle::destroyForcibly);
                daemon.destroyForcibly();
            }
        }
    }

    @Test
    void xgboostTrainsOnTwoWorkersAndTheModelScoresOnTheCluster() throws Exception {
        ChildJvm jvm = new ChildJvm(dir);
        String master = startCluster(jvm);
        List<String> cluster = List.of("--master", master, "--deploy-mode", "client", "--executor-memory", "768m",
                "--executor-cores", "1", "--total-executor-cores", "2",
                "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s");

        Path config = CliTest.churnConfig(dir.resolve("churn-xgboost.yaml"), dir.resolve("run"),
                "{family: xgboost, params: {num-round: 20, max-depth: 3, eta: 0.3, num-workers: 2}}");
        ChildJvm.Outcome train = jvm.run("train", ChildJvm.submit(cluster, "train", "--config", config.toString(),
                "--store", dir.resolve("mlruns").toString(), "--json"));
        assertThat(train.code()).as(train.err()).isZero();
        JsonNode trained = new ObjectMapper().readTree(train.out());
        assertThat(trained.at("/best/family").asText()).isEqualTo("xgboost");
        assertThat(trained.at("/holdout/auc").asDouble()).isGreaterThan(0.8);

        Path scores = dir.resolve("scores");
        ChildJvm.Outcome score = jvm.run("score", ChildJvm.submit(cluster, "score", "--model",
                trained.get("bundle").asText(), "--input", trained.get("holdout_path").asText(), "--output",
                scores.toString(), "--partition", "date=2026-11-25", "--json"));
        assertThat(score.code()).as(score.err()).isZero();
        JsonNode scored = new ObjectMapper().readTree(score.out());
        assertThat(scored.get("rows").asLong()).isEqualTo(scored.get("rows_in").asLong()).isPositive();
        assertThat(scored.get("drift_max").asDouble()).isLessThan(0.1);
        assertThat(scores.resolve("date=2026-11-25/_trainyard.json")).exists();
        try (Stream<Path> parts = Files.list(scores.resolve("date=2026-11-25"))) {
            assertThat(parts.filter(p -> p.getFileName().toString().endsWith(".parquet")).count()).isPositive();
        }
        assertThat(executorLogs(dir.resolve("worker-1"))).as("worker 1 ran executors").isPositive();
        assertThat(executorLogs(dir.resolve("worker-2"))).as("worker 2 ran executors").isPositive();

        scoreInClusterDeployMode(jvm, master, trained);
    }

    /**
     * {@code --deploy-mode cluster}: the driver runs on a worker, so its exit code and its --json line
     * stay there; the outcome is read back from {@code --outcome-file}, for a success and for a data
     * error (exit 3), and the master records the driver FINISHED and FAILED.
     */
    private void scoreInClusterDeployMode(ChildJvm jvm, String master, JsonNode trained) throws Exception {
        List<String> cluster = List.of("--master", master, "--deploy-mode", "cluster", "--driver-memory", "512m",
                "--driver-cores", "1", "--executor-memory", "512m", "--executor-cores", "1",
                "--total-executor-cores", "1", "--conf", "spark.standalone.submit.waitAppCompletion=true",
                // a driver the standalone worker starts gets no Java 17 module flags of its own (its executors do)
                "--conf", "spark.driver.extraJavaOptions=" + System.getProperty("spark.java.opens").trim());
        Path outcome = dir.resolve("outcomes/scheduled__2026-11-25T02:00:00+00:00/score.json");
        Path scores = dir.resolve("cluster-scores");
        ChildJvm.Outcome score = jvm.run("score-cluster", ChildJvm.submit(cluster, "score", "--model",
                trained.get("bundle").asText(), "--input", trained.get("holdout_path").asText(), "--output",
                scores.toString(), "--partition", "date=2026-11-25", "--job-id", "scheduled__2026-11-25T02:00:00+00:00",
                "--outcome-file", outcome.toString(), "--json"));
        // spark-submit exits 0 in standalone cluster mode whatever the driver's state: the state is in its log
        assertThat(score.err()).as(driverLogs()).contains("State of driver").contains("is FINISHED");
        JsonNode written = new ObjectMapper().readTree(dir.resolve(
                "outcomes/scheduled__2026-11-25T02%3A00%3A00+00%3A00/score.json").toFile());
        assertThat(written.get("exit_code").asInt()).isZero();
        assertThat(written.get("status").asText()).isEqualTo("ok");
        assertThat(written.at("/summary/rows").asLong()).isEqualTo(written.at("/summary/rows_in").asLong())
                .isPositive();
        assertThat(written.at("/summary/job_id").asText()).isEqualTo("scheduled__2026-11-25T02:00:00+00:00");
        assertThat(scores.resolve("date=2026-11-25/_trainyard.json")).exists();

        Path notParquet = Files.writeString(dir.resolve("rows.data"), "customer_id,state\n1,KS\n");
        Path failed = dir.resolve("outcomes/failed.json");
        ChildJvm.Outcome refused = jvm.run("score-cluster-failed", ChildJvm.submit(cluster, "score", "--model",
                trained.get("bundle").asText(), "--input", notParquet.toString(), "--output",
                dir.resolve("cluster-scores-2").toString(), "--outcome-file", failed.toString()));
        assertThat(refused.err()).as(driverLogs()).contains("is FAILED");
        JsonNode failure = new ObjectMapper().readTree(failed.toFile());
        assertThat(failure.get("exit_code").asInt()).isEqualTo(3);
        assertThat(failure.get("category").asText()).isEqualTo("data");
        assertThat(failure.get("error").asText()).contains("is not Parquet");
        assertThat(dir.resolve("cluster-scores-2")).doesNotExist();
    }

    /** Starts the master and two workers; returns the master URL once both workers have registered. */
    private String startCluster(ChildJvm jvm) throws IOException, InterruptedException {
        Path sparkHome = sparkHome();
        int port = ChildJvm.freePort();
        daemons.add(jvm.start("master", ChildJvm.java("512m", "org.apache.spark.deploy.master.Master",
                List.of("--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port",
                        String.valueOf(ChildJvm.freePort())))));
        waitForPort(port);
        String master = "spark://127.0.0.1:" + port;
        for (int i = 1; i <= 2; i++) {
            Path work = Files.createDirectories(dir.resolve("worker-" + i));
            List<String> command = ChildJvm.java("512m", "org.apache.spark.deploy.worker.Worker", List.of(
                    "--host", "127.0.0.1", "--cores", "1", "--memory", "1g", "--webui-port",
                    String.valueOf(ChildJvm.freePort()), "--work-dir", work.toString(), master));
            daemons.add(startWorker(jvm, "worker-" + i, command, sparkHome));
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (jvm.err("master").split("Registering worker", -1).length - 1 < 2) {
            assertThat(System.nanoTime()).as("both workers registered: %s", jvm.err("master")).isLessThan(deadline);
            Thread.sleep(200);
        }
        return master;
    }

    /** A worker whose SPARK_HOME is a folder of links to Spark's jars: it builds its executors' classpath from it. */
    private Process startWorker(ChildJvm jvm, String name, List<String> command, Path sparkHome) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile());
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.12");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder.start();
    }

    private Path sparkHome() throws IOException {
        Path jars = Files.createDirectories(dir.resolve("spark-home/jars"));
        for (String jar : ChildJvm.sparkClasspath().split(java.io.File.pathSeparator)) {
            Path source = Paths.get(jar);
            Path link = jars.resolve(source.getFileName());
            if (!Files.exists(link)) {
                Files.createSymbolicLink(link, source);
            }
        }
        return dir.resolve("spark-home");
    }

    private static void waitForPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the master did not listen on port " + port + " within a minute");
    }

    /** The stderr of every driver the workers ran (cluster deploy mode), for failure messages. */
    private String driverLogs() throws IOException {
        StringBuilder logs = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir, 4)) {
            for (Path file : files.filter(p -> p.getFileName().toString().equals("stderr")
                    && p.getParent().getFileName().toString().startsWith("driver-")).toList()) {
                logs.append("\n--- ").append(file).append('\n').append(Files.readString(file));
            }
        }
        return logs.toString();
    }

    /** Executors a worker ran: each leaves a stderr file in its folder under the work dir. */
    private static long executorLogs(Path work) throws IOException {
        try (Stream<Path> files = Files.walk(work, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("stderr")).count();
        }
    }
}
