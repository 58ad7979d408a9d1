package io.trainyard.tracking.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.tracking.Metric;
import io.trainyard.tracking.TrackedRun;
import io.trainyard.tracking.TrackingClient;
import io.trainyard.tracking.registry.AuditEntry;
import io.trainyard.tracking.rest.TrackingConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerPersistenceAndSafetyTest {
    @TempDir
    Path store;

    @Test
    void runsModelsAliasesAndArtifactsSurviveARestart() throws Exception {
        String runId;
        String artifactUri;
        Path bundle = Files.createDirectories(store.resolve("bundle"));
        Files.writeString(bundle.resolve("MLmodel"), "flavors: {}\n");
        try (EmbeddedTrackingServer server = EmbeddedTrackingServer.start("127.0.0.1", 0, store.resolve("db"));
                TrackingClient client = TrackingClient.connect(TrackingConfig.of(server.uri()))) {
            TrackedRun run = client.startRun(client.experimentId("churn"), "first", Map.of());
            runId = run.runId();
            artifactUri = run.artifactUri();
            client.logMetrics(runId, List.of(Metric.atStep("auc", 0.9, 1)));
            client.artifacts().uploadDirectory(artifactUri, bundle, "model");
            client.registry().createModel("churn", "");
            client.registry().createVersion("churn", artifactUri + "/model", runId, Map.of(), null);
            client.registry().moveAlias("churn", "champion", Optional.empty(), "1",
                    AuditEntry.of("ana", "first", Map.of()));
            client.finishRun(runId);
        }

        try (EmbeddedTrackingServer server = EmbeddedTrackingServer.start("127.0.0.1", 0, store.resolve("db"));
                TrackingClient client = TrackingClient.connect(TrackingConfig.of(server.uri()))) {
            TrackedRun run = client.run(runId);
            assertThat(run.status()).isEqualTo("FINISHED");
            assertThat(run.metrics()).containsEntry("auc", 0.9);
            assertThat(client.registry().requireAlias("churn", "champion").version()).isEqualTo("1");
            assertThat(client.registry().history("churn")).hasSize(1);
            Path target = store.resolve("back");
            assertThat(client.artifacts().downloadDirectory(artifactUri + "/model", target)).isEqualTo(1);
            assertThat(target.resolve("MLmodel")).hasContent("flavors: {}");
            assertThat(client.experimentId("churn")).isEqualTo(run.experimentId());
        }
        assertThat(store.resolve("db/mlflow.db")).exists();
    }

    @Test
    void artifactPathsThatEscapeTheStoreAreRefused() throws Exception {
        try (EmbeddedTrackingServer server = EmbeddedTrackingServer.start("127.0.0.1", 0, store)) {
            HttpClient http = HttpClient.newHttpClient();
            String base = server.uri() + "/api/2.0/mlflow-artifacts/artifacts/";
            for (String path : List.of("..%2F..%2Fetc%2Fpasswd", "%2e%2e/escape", "a/%252e%252e/b", "%2Fabs",
                    "a%5C..%5Cb")) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                        .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(path).isEqualTo(400);
                assertThat(response.body()).as(path).contains("INVALID_PARAMETER_VALUE", "Invalid artifact path");
            }
            HttpResponse<String> listing = http.send(HttpRequest.newBuilder(URI.create(base.substring(0,
                    base.length() - 1) + "?path=..%2F..")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(listing.statusCode()).isEqualTo(400);
            try (var files = Files.walk(store.getParent(), 1)) {
                assertThat(files.filter(p -> p.getFileName().toString().equals("escape"))).isEmpty();
            }
        }
    }

    @Test
    void unknownEndpointsAndMissingRunsAnswerInMlflowErrorFormat() throws Exception {
        try (EmbeddedTrackingServer server = EmbeddedTrackingServer.start("127.0.0.1", 0, store)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(server.uri()
                    + "/api/2.0/mlflow/runs/get?run_id=nope")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).isEqualTo(
                    "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"Run with id=nope not found\"}");
            HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(server.uri()
                    + "/api/2.0/mlflow/nothing/here")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("ENDPOINT_NOT_FOUND");
        }
    }
}
