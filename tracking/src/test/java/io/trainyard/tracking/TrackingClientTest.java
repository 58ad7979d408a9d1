package io.trainyard.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.common.ErrorCategory;
import io.trainyard.common.TrainyardException;
import io.trainyard.tracking.rest.TrackingConfig;
import io.trainyard.tracking.server.EmbeddedTrackingServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackingClientTest {
    @TempDir
    Path store;

    @Test
    void aTrainingRunIsLoggedInBatchesWithinMlflowLimits() {
        try (EmbeddedTrackingServer server = EmbeddedTrackingServer.start("127.0.0.1", 0, store);
                TrackingClient client = TrackingClient.connect(TrackingConfig.of(server.uri()))) {
            String experimentId = client.experimentId("churn");
            assertThat(client.experimentId("churn")).isEqualTo(experimentId);
            TrackedRun run = client.startRun(experimentId, "train-1", Map.of(RunTags.GIT_COMMIT, "abc123",
                    RunTags.CONFIG_HASH, "cfg", RunTags.DATA_FINGERPRINT, "data", RunTags.TRAINYARD_VERSION, "0.1.0"));
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < 250; i++) {
                params.put("p" + i, Integer.toString(i));
            }
            List<Metric> metrics = new ArrayList<>();
            for (int step = 0; step < 2500; step++) {
                metrics.add(new Metric("loss", 1.0 / (step + 1), 1_000 + step, step));
            }
            metrics.add(Metric.of("holdout_auc", 0.91));

            client.log(run.runId(), params, metrics, Map.of("stage", "cv"));
            client.finishRun(run.runId());

            TrackedRun stored = client.run(run.runId());
            assertThat(stored.status()).isEqualTo("FINISHED");
            assertThat(stored.params()).hasSize(250).containsEntry("p249", "249");
            assertThat(stored.metrics()).containsEntry("loss", 1.0 / 2500).containsEntry("holdout_auc", 0.91);
            assertThat(stored.tags()).containsEntry(RunTags.GIT_COMMIT, "abc123").containsEntry("stage", "cv")
                    .containsEntry(RunTags.TRAINYARD_VERSION, "0.1.0");
            assertThat(client.metricHistory(run.runId(), "loss")).hasSize(2500)
                    .first().satisfies(m -> assertThat(m.step()).isZero());
            assertThat(client.searchRuns(List.of(experimentId), "tags.stage = 'cv'", 10))
                    .extracting(TrackedRun::runId).containsExactly(run.runId());
        }
    }

    @Test
    void aFailedRunCarriesItsReason() {
        try (EmbeddedTrackingServer server = EmbeddedTrackingServer.start("127.0.0.1", 0, store);
                TrackingClient client = TrackingClient.connect(TrackingConfig.of(server.uri()))) {
            TrackedRun run = client.startRun(client.experimentId("churn"), "broken", Map.of());

            client.failRun(run.runId(), "Column 'churn' must be numeric or boolean,\nfound string");

            TrackedRun stored = client.run(run.runId());
            assertThat(stored.status()).isEqualTo("FAILED");
            assertThat(stored.tags()).containsEntry(RunTags.FAILURE_REASON,
                    "Column 'churn' must be numeric or boolean, found string");
            assertThat(stored.endTime()).isPositive();
        }
    }

    @Test
    void batchesRespectTheLimitsOfEachKind() {
        List<Metric> metrics = new ArrayList<>();
        for (int i = 0; i < 2100; i++) {
            metrics.add(Metric.of("m" + i, i));
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < 150; i++) {
            params.put("p" + i, "v");
        }

        List<Batches.Batch> batches = Batches.split(metrics, params, Map.of("t", "v"));

        assertThat(batches).allSatisfy(b -> {
            assertThat(b.metrics().size()).isLessThanOrEqualTo(1000);
            assertThat(b.params().size()).isLessThanOrEqualTo(100);
            assertThat(b.metrics().size() + b.params().size() + b.tags().size()).isLessThanOrEqualTo(1000);
        });
        assertThat(batches.stream().mapToInt(b -> b.metrics().size()).sum()).isEqualTo(2100);
        assertThat(batches.stream().mapToInt(b -> b.params().size()).sum()).isEqualTo(150);
    }

    @Test
    void anUnreachableServerIsReportedAsTrackingUnreachableWithItsUri() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI uri = URI.create("http://127.0.0.1:" + port);
        try (TrackingClient client = TrackingClient.connect(TrackingConfig.of(uri))) {
            assertThatThrownBy(() -> client.experimentId("churn"))
                    .isInstanceOf(TrainyardException.class)
                    .hasMessage("MLflow tracking server " + uri + " is unreachable (connection refused after 3 attempts,"
                            + " trying to get experiment 'churn'). Start the server or fix MLFLOW_TRACKING_URI;"
                            + " unset it to use trainyard's embedded server.")
                    .satisfies(e -> assertThat(((TrainyardException) e).category())
                            .isEqualTo(ErrorCategory.TRACKING_UNREACHABLE))
                    .satisfies(e -> assertThat(((TrainyardException) e).exitCode()).isEqualTo(4));
            assertThatThrownBy(() -> client.registry().createModel("churn", ""))
                    .hasMessage("MLflow tracking server " + uri + " is unreachable (connection refused after 3 attempts,"
                            + " calling POST /api/2.0/mlflow/registered-models/create). Start the server or fix"
                            + " MLFLOW_TRACKING_URI; unset it to use trainyard's embedded server.")
                    .satisfies(e -> assertThat(((TrainyardException) e).category())
                            .isEqualTo(ErrorCategory.TRACKING_UNREACHABLE));
        }
    }

    @Test
    void configComesFromTheMlflowEnvironmentVariables() {
        assertThat(TrackingConfig.fromEnvironment(Map.of())).isEmpty();
        TrackingConfig config = TrackingConfig.fromEnvironment(Map.of("MLFLOW_TRACKING_URI", "https://mlflow.example/",
                "MLFLOW_TRACKING_TOKEN", "secret", "MLFLOW_TRACKING_INSECURE_TLS", "true")).orElseThrow();

        assertThat(config.uri()).isEqualTo(URI.create("https://mlflow.example"));
        assertThat(config.token()).isEqualTo("secret");
        assertThat(config.insecureTls()).isTrue();
        assertThat(config.toString()).doesNotContain("secret");
        assertThatThrownBy(() -> TrackingConfig.fromEnvironment(Map.of("MLFLOW_TRACKING_URI", "file:./mlruns")))
                .hasMessage("MLFLOW_TRACKING_URI must be an http(s):// server URI, found 'file:./mlruns'. Set it to"
                        + " e.g. http://127.0.0.1:5000, or unset it to use the embedded server.");
        assertThat(Optional.of(config).map(TrackingConfig::username)).isEmpty();
    }
}
