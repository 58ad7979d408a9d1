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

    /** Executors a worker ran: each leaves a stderr file in its folder under the work dir. */
    private static long executorLogs(Path work) throws IOException {
        try (Stream<Path> files = Files.walk(work, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("stderr")).count();
        }
    }
}
