package io.trainyard.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.features.testing.SparkSessionExtension;
import io.trainyard.jobs.ops.LogFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What operators see: ECS JSON log lines carrying the job's labels (errors included), and batch
 * metrics arriving in a real Prometheus Pushgateway (Debian's prometheus-pushgateway, started here
 * on a loopback port), read back through its HTTP API.
 */
@ExtendWith(SparkSessionExtension.class)
class OperationsCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PUSHGATEWAY = Path.of("/usr/bin/prometheus-pushgateway");

    @TempDir
    Path dir;

    @AfterEach
    void backToText() {
        LogFormat.apply("text");
    }

    @Test
    void jsonLogsAreOneEcsObjectPerLineWithTheJobsLabelsErrorsIncluded() throws IOException {
        String store = Files.createDirectories(dir.resolve("mlruns")).toString();
        String stderr = capturingStderr(() -> CliTest.run("models", "show", "nosuch", "--store", store,
                "--log-format", "json").code(), 2);

        List<JsonNode> lines = new ArrayList<>();
        for (String line : stderr.strip().split("\n")) {
            lines.add(JSON.readTree(line)); // every line parses: nothing else is printed
        }
        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            assertThat(line.path("ecs.version").asText()).isEqualTo("1.2.0");
            assertThat(line.path("@timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(line.at("/labels/command").asText()).isEqualTo("models");
            assertThat(line.at("/labels/job_id").asText()).startsWith("models-");
        });
        JsonNode error = lines.get(lines.size() - 1);
        assertThat(error.path("log.level").asText()).isEqualTo("ERROR");
        assertThat(error.path("message").asText()).startsWith("trainyard models: ").contains("nosuch");
    }

    @Test
    void anUnknownLogFormatIsAUsageError() {
        CliTest.Run run = CliTest.run("models", "list", "--store", dir.resolve("mlruns").toString(),
                "--log-format", "yaml");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--log-format 'yaml' is not a log format; use one of text, json.");
    }

    @Test
    void batchMetricsArriveInThePushgatewayGroupedByJobAndModel() throws Exception {
        assertThat(PUSHGATEWAY).as("Debian's prometheus-pushgateway: apt-get install prometheus-pushgateway"
                + " (.ci/run installs it)").exists();
        int port = freePort();
        Process gateway = new ProcessBuilder(PUSHGATEWAY.toString(), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("pushgateway.log").toFile()).start();
        try {
            String target = "127.0.0.1:" + port;
            awaitReady(target);
            Path config = CliTest.smallChurnConfig(dir.resolve("churn.yaml"), dir.resolve("run"));
            CliTest.Run trained = CliTest.run("train", "--config", config.toString(), "--store",
                    dir.resolve("mlruns").toString(), "--pushgateway", target);
            assertThat(trained.code()).as(trained.err()).isZero();
            CliTest.Run failed = CliTest.run("train", "--config", dir.resolve("missing.yaml").toString(),
                    "--pushgateway", target);
            assertThat(failed.code()).isEqualTo(2);

            JsonNode groups = JSON.readTree(get("http://" + target + "/api/v1/metrics")).path("data");
            JsonNode churn = group(groups, "trainyard_train", "churn");
            assertThat(value(churn, "trainyard_job_exit_code")).isZero();
            assertThat(value(churn, "trainyard_train_rows")).isEqualTo(5000.0); // data/samples/mlc_churn.csv
            assertThat(value(churn, "trainyard_train_holdout_auc")).isBetween(0.7, 1.0);
            assertThat(value(churn, "trainyard_train_cv_auc")).isBetween(0.7, 1.0);
            assertThat(value(churn, "trainyard_job_duration_seconds")).isPositive();
            assertThat(value(churn, "trainyard_job_last_success_timestamp_seconds")).isPositive();
            JsonNode broken = group(groups, "trainyard_train", "none");
            assertThat(value(broken, "trainyard_job_exit_code")).isEqualTo(2.0);
            assertThat(broken.has("trainyard_job_last_success_timestamp_seconds")).isFalse();
        } finally {
            gateway.destroy();
            gateway.waitFor();
        }
    }

    @Test
    void anUnreachablePushgatewayDoesNotFailTheJob() throws IOException {
        int port = freePort();
        CliTest.Run run = CliTest.run("models", "list", "--store", Files.createDirectories(dir.resolve("mlruns")).toString(),
                "--pushgateway", "127.0.0.1:" + port);
        assertThat(run.code()).as(run.err()).isZero();
    }

    @Test
    void doctorFindsThisMachineReadyAndSaysWhatIsWrongOtherwise() throws IOException {
        Path config = CliTest.smallChurnConfig(dir.resolve("churn.yaml"), dir.resolve("run"));
        CliTest.Run ready = CliTest.run("doctor", "--output", dir.resolve("out").toString(), "--store",
                dir.resolve("mlruns").toString(), "--config", config.toString(), "--json");
        assertThat(ready.code()).as(ready.out() + ready.err()).isZero();
        List<String> names = new ArrayList<>();
        for (JsonNode check : ready.json().get("checks")) {
            names.add(check.get("check").asText());
            assertThat(check.get("status").asText()).as(check.toString()).isIn("ok", "warn");
        }
        assertThat(names).containsExactly("java", "spark", "xgboost", "onnx-runtime", "tracking", "output",
                "disk (output)", "disk (temp)", "config");
        assertThat(dir.resolve("out")).doesNotExist(); // probed, then left as it was
        assertThat(dir.resolve("mlruns")).doesNotExist();

        int closed = freePort();
        CliTest.Run unreachable = CliTest.run("doctor", "--output", dir.resolve("out").toString(), "--tracking-uri",
                "http://127.0.0.1:" + closed);
        assertThat(unreachable.code()).isEqualTo(4);
        assertThat(unreachable.out()).containsPattern("FAIL +tracking +MLflow tracking server http://127.0.0.1:"
                + closed + " is unreachable").contains("trainyard doctor: fix the FAIL line(s) above");

        Files.writeString(dir.resolve("bad.yaml"), "name: churn\ndata: {path: nowhere.csv}\nlabel: {column: churn}\nmodels: [{family: logistic-regression}]\n");
        CliTest.Run badData = CliTest.run("doctor", "--output", dir.resolve("out").toString(), "--store",
                dir.resolve("mlruns").toString(), "--config", dir.resolve("bad.yaml").toString());
        assertThat(badData.code()).as(badData.out()).isEqualTo(3);
        assertThat(badData.out()).contains("its data nowhere.csv does not exist; fix data.path");
    }

    /** A loopback port nothing listens on (the socket that found it is closed again). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static JsonNode group(JsonNode groups, String job, String model) {
        for (JsonNode group : groups) {
            if (job.equals(group.at("/labels/job").asText()) && model.equals(group.at("/labels/model").asText())) {
                return group;
            }
        }
        throw new AssertionError("no group job=" + job + ", model=" + model + " in " + groups);
    }

    private static double value(JsonNode group, String metric) {
        return Double.parseDouble(group.path(metric).path("metrics").path(0).path("value").asText("NaN"));
    }

    private static String get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void awaitReady(String target) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try {
                if (HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + target + "/-/ready"))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the Pushgateway on " + target + " did not become ready in 10 s");
    }

    /** Runs {@code command} with System.err captured (the log appenders follow it); checks its exit code. */
    private static String capturingStderr(Supplier<Integer> command, int expectedCode) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = command.get();
        } finally {
            System.setErr(original);
        }
        String text = buffer.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isEqualTo(expectedCode);
        return text;
    }
}
