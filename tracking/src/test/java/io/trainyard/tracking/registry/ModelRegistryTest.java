package io.trainyard.tracking.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainyard.common.ErrorCategory;
import io.trainyard.common.TrainyardException;
import io.trainyard.tracking.rest.MlflowRest;
import io.trainyard.tracking.rest.TrackingConfig;
import io.trainyard.tracking.server.EmbeddedTrackingServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
    @TempDir
    Path store;

    private EmbeddedTrackingServer server;
    private MlflowRest rest;
    private ModelRegistry registry;

    @BeforeEach
    void start() {
        server = EmbeddedTrackingServer.start("127.0.0.1", 0, store);
        rest = MlflowRest.connect(TrackingConfig.of(server.uri()));
        registry = ModelRegistry.create(rest);
        registry.createModel("churn", "churn propensity");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ModelVersion version(String runId) {
        return registry.createVersion("churn", "mlflow-artifacts:/1/" + runId + "/artifacts/model", runId,
                Map.of("trainyard.config_hash", "h-" + runId), null);
    }

    @Test
    void creatingARegisteredModelTwiceIsFine() {
        registry.createModel("churn", "again");

        assertThat(registry.modelNames()).containsExactly("churn");
        assertThat(registry.model("churn").description()).isEqualTo("churn propensity");
    }

    @Test
    void aRetriedVersionCreationReturnsTheSameVersion() {
        ModelVersion first = version("run1");
        ModelVersion retried = version("run1");
        ModelVersion other = version("run2");

        assertThat(retried.version()).isEqualTo(first.version()).isEqualTo("1");
        assertThat(other.version()).isEqualTo("2");
        assertThat(registry.versions("churn")).extracting(ModelVersion::version).containsExactly("2", "1");
        assertThat(first.tags()).containsEntry("trainyard.config_hash", "h-run1")
                .containsKey(VersionCreation.KEY_TAG);
        assertThat(registry.waitUntilReady("churn", "1", Duration.ofSeconds(5)).isReady()).isTrue();
    }

    @Test
    void aCreateRepeatedBehindTheClientsBackIsDeduplicatedByTheServer() {
        ObjectNode body = rest.json().createObjectNode().put("name", "churn").put("source", "s3a://b/model")
                .put("run_id", "r9");
        body.putArray("tags").addObject().put("key", VersionCreation.KEY_TAG).put("value", "key-1");

        String first = rest.send("POST", "mlflow/model-versions/create", body, MlflowRest.Retry.ONCE)
                .path("model_version").path("version").asText();
        String second = rest.send("POST", "mlflow/model-versions/create", body, MlflowRest.Retry.ONCE)
                .path("model_version").path("version").asText();

        assertThat(second).isEqualTo(first);
        assertThat(registry.createVersion("churn", "s3a://b/model", "r9", Map.of(), "key-1").version())
                .isEqualTo(first);
        assertThat(registry.versions("churn")).hasSize(1);
    }

    @Test
    void aliasMovesAreAuditedInTheModelsHistory() {
        version("run1");
        version("run2");
        registry.moveAlias("churn", "champion", Optional.empty(), "1",
                AuditEntry.of("ana", "first promotion", Map.of("auc-floor", "pass 0.90 >= 0.85")));
        registry.moveAlias("churn", "previous", Optional.empty(), "1", AuditEntry.of("ana", "promote", Map.of()));
        registry.moveAlias("churn", "champion", Optional.of("1"), "2", AuditEntry.of("bob", "promote", Map.of()));

        List<AuditEntry> history = registry.history("churn");

        assertThat(history).extracting(AuditEntry::alias, AuditEntry::fromVersion, AuditEntry::toVersion,
                AuditEntry::user).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("champion", null, "1", "ana"),
                        org.assertj.core.groups.Tuple.tuple("previous", null, "1", "ana"),
                        org.assertj.core.groups.Tuple.tuple("champion", "1", "2", "bob"));
        assertThat(history.get(0).gateResults()).containsEntry("auc-floor", "pass 0.90 >= 0.85");
        assertThat(history.get(0).reason()).isEqualTo("first promotion");
        assertThat(history.get(0).time()).isBeforeOrEqualTo(history.get(2).time());
        assertThat(registry.model("churn").aliases()).containsEntry("champion", "2").containsEntry("previous", "1");
        assertThat(registry.model("churn").tags()).isEmpty();
        assertThat(registry.resolve("models:/churn@champion").version()).isEqualTo("2");
        assertThat(registry.resolve("churn/1").aliases()).containsExactly("previous");
    }

    @Test
    void twoConcurrentAliasMovesFromTheSameVersionHaveExactlyOneWinner() throws Exception {
        assertExactlyOneWinner(race(List.of(server.uri(), server.uri())));
    }

    @Test
    void concurrentMovesThroughTwoServersSharingOneStoreHaveExactlyOneWinner() throws Exception {
        try (EmbeddedTrackingServer second = EmbeddedTrackingServer.start("127.0.0.1", 0, store)) {
            assertExactlyOneWinner(race(List.of(server.uri(), second.uri())));
        }
    }

    /** Seeds champion -> 1, then one mover per URI moves it from 1 to 2, 3… at the same instant. */
    private List<String> race(List<URI> uris) throws Exception {
        for (int i = 0; i <= uris.size(); i++) {
            version("run" + i);
        }
        registry.moveAlias("churn", "champion", Optional.empty(), "1", AuditEntry.of("ci", "seed", Map.of()));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(uris.size());
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < uris.size(); i++) {
            URI uri = uris.get(i);
            String target = Integer.toString(i + 2);
            Callable<String> mover = () -> {
                ModelRegistry own = ModelRegistry.create(MlflowRest.connect(TrackingConfig.of(uri)));
                start.await();
                try {
                    own.moveAlias("churn", "champion", Optional.of("1"), target,
                            AuditEntry.of("mover-" + target, "promote", Map.of()));
                    return "won " + target;
                } catch (TrainyardException e) {
                    return "lost: " + e.getMessage();
                }
            };
            results.add(pool.submit(mover));
        }
        start.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<String> result : results) {
            outcomes.add(result.get());
        }
        pool.shutdown();
        return outcomes;
    }

    private void assertExactlyOneWinner(List<String> outcomes) {
        assertThat(outcomes).filteredOn(o -> o.startsWith("won")).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o.startsWith("lost")).singleElement().asString()
                .contains("Alias 'champion' of model 'churn' was expected to point to version 1 but points to version")
                .contains("another promotion or rollback moved it concurrently");
        String winner = outcomes.stream().filter(o -> o.startsWith("won")).findFirst().orElseThrow().substring(4);
        assertThat(registry.requireAlias("churn", "champion").version()).isEqualTo(winner);
        assertThat(registry.history("churn")).hasSize(2).last()
                .satisfies(entry -> assertThat(entry.toVersion()).isEqualTo(winner));
    }

    @Test
    void aStaleExpectedVersionIsRefusedAndChangesNothing() {
        version("run1");
        version("run2");
        registry.moveAlias("churn", "champion", Optional.empty(), "2", AuditEntry.of("ci", "seed", Map.of()));

        assertThatThrownBy(() -> registry.moveAlias("churn", "champion", Optional.empty(), "1",
                AuditEntry.of("ci", "stale", Map.of())))
                .isInstanceOf(TrainyardException.class)
                .hasMessageStartingWith("Alias 'champion' of model 'churn' was expected to point to no version but"
                        + " points to version 2: another promotion or rollback moved it concurrently.");
        assertThat(registry.history("churn")).hasSize(1);
    }

    @Test
    void missingModelVersionAndAliasErrorsSayWhatExists() {
        version("run1");

        assertThatThrownBy(() -> registry.versions("nope"))
                .isInstanceOf(TrainyardException.class)
                .hasMessage("Registered model 'nope' does not exist on " + server.uri()
                        + ". Check the name with `trainyard models list`, or train it first.")
                .satisfies(e -> assertThat(((TrainyardException) e).category()).isEqualTo(ErrorCategory.USAGE));
        assertThatThrownBy(() -> registry.moveAlias("churn", "champion", Optional.empty(), "7",
                AuditEntry.of("ci", "rollback", Map.of())))
                .hasMessage("Registered model 'churn' has no version 7; its versions are [1]. Pick one of those.");
        assertThatThrownBy(() -> registry.resolve("churn@champion"))
                .hasMessage("Registered model 'churn' has no alias 'champion'; its aliases are {}."
                        + " Promote a version first or use models:/churn/<version>.");
        assertThatThrownBy(() -> registry.resolve("churn:champion"))
                .hasMessageStartingWith("Model reference 'churn:champion' is not of the form name@alias");
    }

    @Test
    void deletingAnAliasIsAuditedToo() {
        version("run1");
        registry.moveAlias("churn", "challenger", Optional.empty(), "1", AuditEntry.of("ci", "train", Map.of()));
        registry.setVersionTag("churn", "1", "validated", "true");

        registry.deleteAlias("churn", "challenger", Optional.of("1"), AuditEntry.of("ci", "retire", Map.of()));

        assertThat(registry.alias("churn", "challenger")).isEmpty();
        assertThat(registry.history("churn")).last()
                .satisfies(e -> assertThat(e.toVersion()).isNull())
                .satisfies(e -> assertThat(e.fromVersion()).isEqualTo("1"));
        assertThat(registry.version("churn", "1").tags()).containsEntry("validated", "true");
    }
}
