package io.trainyard.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.features.testing.SparkSessionExtension;
import io.trainyard.jobs.tracking.PendingRegistration;
import io.trainyard.tracking.TrackedRun;
import io.trainyard.tracking.TrackingClient;
import io.trainyard.tracking.registry.ModelVersion;
import io.trainyard.tracking.rest.TrackingConfig;
import io.trainyard.tracking.server.EmbeddedTrackingServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracking server dies while a train is running: the command exits 4, keeps the bundle and a
 * journal of what was not sent, and says how to finish; {@code register --resume} then completes
 * the registration on the restarted server, exactly once.
 */
@ExtendWith(SparkSessionExtension.class)
class TrackingLostCliTest {
    @TempDir
    Path dir;

    @Test
    void aServerLostMidRunKeepsTheModelAndRegisterResumesIt() throws Exception {
        Path store = dir.resolve("mlruns");
        Path output = dir.resolve("run");
        Path config = CliTest.smallChurnConfig(dir.resolve("churn.yaml"), output);
        EmbeddedTrackingServer server = EmbeddedTrackingServer.start("127.0.0.1", 0, store);
        String uri = server.uri().toString();

        CompletableFuture<CliTest.Run> train = CompletableFuture.supplyAsync(
                () -> CliTest.run("train", "--config", config.toString(), "--tracking-uri", uri));
        String runId;
        try (TrackingClient watcher = TrackingClient.connect(TrackingConfig.of(server.uri()))) {
            runId = awaitFirstRun(watcher, train);
        }
        server.close(); // training is under way: the run exists, nothing is registered yet

        CliTest.Run lost = train.get(5, TimeUnit.MINUTES);
        assertThat(lost.code()).as(lost.err()).isEqualTo(4);
        assertThat(lost.err()).contains("is unreachable").contains("The trained model is kept at")
                .contains("trainyard register --resume " + output + " --tracking-uri " + uri);
        assertThat(output.resolve(PendingRegistration.FILE)).exists();
        assertThat(output.resolve("model/bundle.json")).exists();

        try (EmbeddedTrackingServer restarted = EmbeddedTrackingServer.start("127.0.0.1", 0, store);
             TrackingClient client = TrackingClient.connect(TrackingConfig.of(restarted.uri()))) {
            String again = restarted.uri().toString();
            CliTest.Run resumed = CliTest.run("register", "--resume", output.toString(), "--tracking-uri", again,
                    "--json");
            assertThat(resumed.code()).as(resumed.err()).isZero();
            assertThat(resumed.json().get("version").asText()).isEqualTo("1");
            assertThat(resumed.json().get("run_id").asText()).isEqualTo(runId);
            assertThat(output.resolve(PendingRegistration.FILE)).doesNotExist();

            TrackedRun run = client.run(runId);
            assertThat(run.status()).isEqualTo("FINISHED");
            assertThat(client.metricHistory(runId, "holdout.auc")).hasSize(1);
            ModelVersion challenger = client.registry().requireAlias("churn", "challenger");
            assertThat(challenger.version()).isEqualTo("1");
            assertThat(challenger.runId()).isEqualTo(runId);

            CliTest.Run twice = CliTest.run("register", "--resume", output.toString(), "--tracking-uri", again);
            assertThat(twice.code()).isEqualTo(2);
            assertThat(twice.err()).contains("No pending registration at " + output.resolve(PendingRegistration.FILE));
            assertThat(client.registry().versions("churn")).hasSize(1);
        }
    }

    @Test
    void registerOnAServerThatNeverSawTheRunSaysWhere() throws Exception {
        Path bundle = Files.createDirectories(dir.resolve("run/model"));
        new PendingRegistration("http://127.0.0.1:1", "churn", "0123456789abcdef0123456789abcdef", "mlflow-artifacts:/1/x",
                bundle.toString(), List.of(), java.util.Map.of(), java.util.Map.of(), "someone").write(dir.resolve("run"));

        CliTest.Run run = CliTest.run("register", "--resume", dir.resolve("run").toString(),
                "--store", dir.resolve("other-store").toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("Run 0123456789abcdef0123456789abcdef is not on")
                .contains("register against the server the run was started on (http://127.0.0.1:1");
    }

    private static String awaitFirstRun(TrackingClient client, CompletableFuture<CliTest.Run> train)
            throws InterruptedException {
        while (!train.isDone()) {
            try {
                String experiment = client.experimentId("churn");
                List<TrackedRun> runs = client.searchRuns(List.of(experiment), "", 1);
                // the config is logged as params right after the run is created: then training is under way
                if (!runs.isEmpty() && runs.get(0).params().containsKey("name")) {
                    return runs.get(0).runId();
                }
            } catch (RuntimeException e) {
                // the experiment is created by the train command itself; keep looking
            }
            Thread.sleep(20);
        }
        throw new AssertionError("train finished before its run was seen: " + train.join().err());
    }
}
