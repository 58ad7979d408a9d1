package io.trainyard.serving.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.common.TrainyardException;
import io.trainyard.serving.features.FeatureSetInfo;
import io.trainyard.serving.features.FeatureVector;
import io.trainyard.serving.features.OnlineStore;
import io.trainyard.serving.features.RedisAddress;
import io.trainyard.serving.testing.RedisServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Predict requests that name entities: features fetched from a real redis-server, scored like the
 * same instances sent whole; unknown, expired and malformed entities refused in the error format.
 */
class OnlineFeaturesTest {
    private static final long HOUR = 3_600_000;

    private RedisServer redis;
    private ModelServer server;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        long now = System.currentTimeMillis();
        try (OnlineStore store = OnlineStore.connect(RedisAddress.parse(redis.address()), 1)) {
            store.writeInfo(new FeatureSetInfo("toy", 1, List.of("id"), List.of("color", "size"), 3600));
            store.write(List.of(List.of("c1"), List.of("c2"), List.of("42")), List.of(
                    vector(now - HOUR / 2, "red", 0.5), vector(now - 90 * 60_000, "blue", 1.0),
                    vector(now, "blue", -2.0)), now);
        }
        server = ModelServer.start(ServerOptions.defaults(0), new ToySource("median"),
                OnlineFeatures.open(RedisAddress.parse(redis.address()), "toy", 4));
        server.loadModel();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static FeatureVector vector(long timestamp, String color, double size) {
        Map<String, Object> values = new HashMap<>();
        values.put("color", color);
        values.put("size", size);
        return new FeatureVector("toy", 1, timestamp, timestamp + HOUR, values);
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void entitiesAreScoredOnTheirStoredFeaturesAsInstancesWouldBe() throws Exception {
        ModelServerTest.Reply reply = ModelServerTest.predict(server, "{\"entities\":[{\"id\":\"c1\"},{\"id\":42}]}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode predictions = reply.json().get("predictions");
        assertThat(predictions.get(0).get("probability").asDouble()).isCloseTo(sigmoid(1.5), within(1e-12));
        assertThat(predictions.get(1).get("probability").asDouble()).isCloseTo(sigmoid(-2), within(1e-12));
        String metrics = ModelServerTest.send(server, "GET", "/metrics", null).body();
        assertThat(metrics).contains("trainyard_serving_feature_lookup_duration_seconds_count 1")
                .contains("trainyard_serving_feature_entities_total{outcome=\"found\"} 2.0");
    }

    @Test
    void unknownAndExpiredEntitiesAre404EachNamed() throws Exception {
        ModelServerTest.Reply reply = ModelServerTest.predict(server,
                "{\"entities\":[{\"id\":\"c1\"},{\"id\":\"c2\"},{\"id\":\"c9\"}]}");

        assertThat(reply.status()).isEqualTo(404);
        JsonNode error = reply.error();
        assertThat(error.get("code").asText()).isEqualTo("entities_not_found");
        assertThat(error.get("message").asText())
                .isEqualTo("2 of 3 entities have no current features in feature set 'toy'; see \"fields\"");
        assertThat(error.at("/fields/0/instance").asInt()).isEqualTo(1);
        assertThat(error.at("/fields/0/problem").asText()).startsWith("the features of id=c2 expired at ")
                .endsWith("materialize the feature set again");
        assertThat(error.at("/fields/1/instance").asInt()).isEqualTo(2);
        assertThat(error.at("/fields/1/problem").asText())
                .isEqualTo("unknown entity id=c9: feature set 'toy' has no features for it");
    }

    @Test
    void anEntityWithoutItsKeyIs422() throws Exception {
        ModelServerTest.Reply reply = ModelServerTest.predict(server, "{\"entities\":[{\"customer\":\"c1\"}]}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.error().get("code").asText()).isEqualTo("invalid_entities");
        assertThat(reply.error().at("/fields/0/field").asText()).isEqualTo("id");
        assertThat(reply.error().at("/fields/0/problem").asText())
                .isEqualTo("missing; an entity of feature set 'toy' is identified by id");
    }

    @Test
    void aLostStoreIs503AndInstancesStillWork() throws Exception {
        redis.close();
        redis = null;

        ModelServerTest.Reply reply = ModelServerTest.predict(server, "{\"entities\":[{\"id\":\"c1\"}]}");
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.error().get("code").asText()).isEqualTo("feature_store_unavailable");
        assertThat(reply.error().get("message").asText()).contains("is unreachable");

        ModelServerTest.Reply whole = ModelServerTest.predict(server, "{\"instances\":[{\"color\":\"red\",\"size\":0.5}]}");
        assertThat(whole.status()).isEqualTo(200);
    }

    @Test
    void aServerWithoutAStoreRefusesEntitiesSayingHowToStartIt() throws Exception {
        try (ModelServer plain = ModelServer.start(ServerOptions.defaults(0), new ToySource("median"))) {
            plain.loadModel();
            ModelServerTest.Reply reply = ModelServerTest.predict(plain, "{\"entities\":[{\"id\":\"c1\"}]}");
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.error().get("message").asText()).contains("--features redis://host:port");
        }
    }

    @Test
    void aSetNeverMaterializedIsAUsageErrorAndTheModelsInputsAreChecked() {
        assertThatThrownBy(() -> OnlineFeatures.open(RedisAddress.parse(redis.address()), "nothing", 1))
                .isInstanceOfSatisfying(TrainyardException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageStartingWith("Feature set 'nothing' was never materialized to redis://127.0.0.1:");
        try (OnlineFeatures features = OnlineFeatures.open(RedisAddress.parse(redis.address()), "toy", 1)) {
            assertThat(features.missingInputs(ToySource.signature("median"))).isEmpty();
        }
    }
}
