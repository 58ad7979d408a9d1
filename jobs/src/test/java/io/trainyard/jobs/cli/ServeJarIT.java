package io.trainyard.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.features.testing.SparkSessionExtension;
import io.trainyard.serving.bundle.ModelBundle;
import io.trainyard.serving.bundle.Signature;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trainyard serve} as it is deployed: the shaded jar alone on the classpath (no Spark), in a
 * child JVM, serving {@code churn@champion} of an XGBoost model trained here. Its answers must equal
 * Spark's scores of the same held-out rows; a promotion is followed without a failed request; SIGTERM
 * stops it cleanly.
 */
@ExtendWith(SparkSessionExtension.class)
class ServeJarIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final int ROWS = 100;

    @TempDir
    Path dir;

    private final SparkSession spark;

    ServeJarIT(SparkSession spark) {
        this.spark = spark;
    }

    private CliTest.Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--store", dir.resolve("mlruns").toString()));
        CliTest.Run run = CliTest.run(all.toArray(new String[0]));
        assertThat(run.code()).as(run.err()).isZero();
        return run;
    }

    private JsonNode trainAndPromote(Path config) throws Exception {
        JsonNode trained = cli("train", "--config", config.toString(), "--json",
                "--set", "models=[{family: xgboost, params: {num-round: 20, max-depth: 3}}]").json();
        cli("promote", "--model", "churn");
        return trained;
    }

    private Process serve() throws Exception {
        List<String> command = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("trainyard.jar"), "io.trainyard.jobs.Main", "serve",
                "--model", "churn@champion", "--port", "0", "--poll-interval", "1", "--json",
                "--store", dir.resolve("mlruns").toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(dir.resolve("serve.err").toFile());
        builder.environment().put("TRAINYARD_CACHE", dir.resolve("serve-cache").toString());
        return builder.start();
    }

    private static HttpResponse<String> post(URI uri, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theJarAloneServesWhatSparkScoresFollowsPromotionsAndStopsOnSigterm() throws Exception {
        System.setProperty("trainyard.cache", dir.resolve("cache").toString());
        JsonNode trained = trainAndPromote(CliTest.smallChurnConfig(dir.resolve("churn.yaml"), dir.resolve("run")));
        String holdout = trained.get("holdout_path").asText();
        cli("score", "--model", "churn@champion", "--input", holdout, "--output", dir.resolve("scores").toString());

        Process server = serve();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = stdout.readLine();
            assertThat(line).as(Files.readString(dir.resolve("serve.err"))).isNotNull();
            JsonNode listening = JSON.readTree(line);
            assertThat(listening.get("version").asText()).isEqualTo("1");
            URI base = URI.create(listening.get("uri").asText());
            URI predict = base.resolve("/v1/models/churn/predict");

            Signature signature = ModelBundle.open(Paths.get(trained.get("bundle").asText())).signature();
            String id = signature.columns(Signature.ROLE_ID).get(0);
            List<Row> rows = spark.read().parquet(holdout).join(spark.read().parquet(dir.resolve("scores").toString())
                    .select(col(id), col("prediction").as("_spark_prediction"),
                            col("probability").as("_spark_probability")), id)
                    .orderBy(id).limit(ROWS).collectAsList();
            String body = JSON.writeValueAsString(Map.of("instances", instances(rows, signature)));

            HttpResponse<String> answer = post(predict, body);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode predictions = JSON.readTree(answer.body()).get("predictions");
            assertThat(predictions).hasSize(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                assertThat(predictions.get(i).get("probability").asDouble())
                        .isCloseTo(rows.get(i).<Double>getAs("_spark_probability"), within(1e-5));
                assertThat(predictions.get(i).get("prediction").asText())
                        .isEqualTo(rows.get(i).<String>getAs("_spark_prediction"));
            }
            HttpResponse<String> malformed = post(predict, "{\"instances\": [");
            assertThat(malformed.statusCode()).isEqualTo(400);
            assertThat(malformed.body()).startsWith("{\"error\":{\"code\":\"malformed_json\"");

            trainAndPromote(dir.resolve("churn.yaml"));
            List<Integer> statuses = new ArrayList<>();
            String served = "1";
            long deadline = System.currentTimeMillis() + 60_000;
            while (!served.equals("2") && System.currentTimeMillis() < deadline) {
                HttpResponse<String> during = post(predict, body);
                statuses.add(during.statusCode());
                served = JSON.readTree(during.body()).path("version").asText(served);
            }
            assertThat(served).as("the server follows churn@champion to version 2").isEqualTo("2");
            assertThat(statuses).containsOnly(200);

            server.destroy();  // SIGTERM
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(dir.resolve("serve.err"))).contains("trainyard serve: stopped on " + base)
                    // the jar's merged Log4j plugin index: with one of its two halves lost, every pattern fails
                    .doesNotContain("StatusLogger");
        } finally {
            server.destroyForcibly();
        }
    }

    private static List<Map<String, Object>> instances(List<Row> rows, Signature signature) {
        List<Map<String, Object>> instances = new ArrayList<>();
        for (Row row : rows) {
            Map<String, Object> instance = new LinkedHashMap<>();
            for (Signature.Input input : signature.inputs()) {
                instance.put(input.name(), row.getAs(input.name()));
            }
            instances.add(instance);
        }
        return instances;
    }
}
