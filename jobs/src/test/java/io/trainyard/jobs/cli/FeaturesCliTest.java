package io.trainyard.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainyard.features.testing.SparkSessionExtension;
import io.trainyard.serving.features.OnlineStore;
import io.trainyard.serving.features.RedisAddress;
import io.trainyard.serving.http.BundleFolderSource;
import io.trainyard.serving.http.ModelServer;
import io.trainyard.serving.http.OnlineFeatures;
import io.trainyard.serving.http.ServerOptions;
import io.trainyard.serving.testing.RedisServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * {@code trainyard features} on the churn sample against a real redis-server: build, materialize,
 * check (and a tampered value caught), a point-in-time training set that {@code train} takes, the
 * trained model served with entities looked up online, and every bad input's message and exit code.
 */
@ExtendWith(SparkSessionExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FeaturesCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AS_OF = "2026-11-25";

    @TempDir
    static Path dir;

    private final SparkSession spark;
    private RedisServer redis;
    private Path config;

    FeaturesCliTest(SparkSession spark) {
        this.spark = spark;
    }

    @BeforeAll
    void start() throws Exception {
        redis = RedisServer.start();
        config = CliTest.smallChurnConfig(dir.resolve("churn.yaml"), dir.resolve("run"));
        Files.writeString(config, Files.readString(config) + """
                feature-sets:
                  - name: churn
                    entity: [customer_id]
                    source: {path: "%s"}
                    exclude: [churn]
                    ttl: 3650d
                    offline: "%s"
                """.formatted(SparkSessionExtension.repoFile("data/samples/mlc_churn.csv"), dir.resolve("table")));
    }

    @AfterAll
    void stop() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    private CliTest.Run features(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "features";
        all[1] = args[0];
        all[2] = "--config=" + config;
        System.arraycopy(args, 1, all, 3, args.length - 1);
        return CliTest.run(all);
    }

    @Test
    @Order(1)
    void buildWritesTheDatedTableAndMaterializeFillsRedis() throws Exception {
        CliTest.Run build = features("build", "--as-of", AS_OF, "--json");
        assertThat(build.code()).as(build.err()).isZero();
        JsonNode built = build.json();
        assertThat(built.get("rows").asLong()).isEqualTo(5000);
        assertThat(built.get("entities").asLong()).isEqualTo(5000);
        assertThat(dir.resolve("table/date=" + AS_OF)).isDirectory();

        CliTest.Run materialize = features("materialize", "--redis", redis.address());
        assertThat(materialize.code()).as(materialize.err()).isZero();
        assertThat(materialize.out()).contains("5,000 written, 0 expired");
        try (Jedis jedis = redis.client()) {
            assertThat(jedis.dbSize()).isEqualTo(5001);  // the vectors and the set's description
            JsonNode c1 = JSON.readTree(jedis.get(OnlineStore.key("churn", List.of("C0001"))));
            assertThat(c1.at("/features/state").asText()).isEqualTo("KS");
            assertThat(c1.at("/features/total_day_minutes").asDouble()).isEqualTo(265.1);
            assertThat(c1.get("version").asInt()).isEqualTo(1);
        }
        assertThat(features("materialize", "--redis", redis.address()).code()).isZero();
        try (Jedis jedis = redis.client()) {
            assertThat(jedis.dbSize()).as("idempotent").isEqualTo(5001);
        }
    }

    @Test
    @Order(2)
    void checkPassesThenCatchesATamperedOnlineValue() throws Exception {
        CliTest.Run clean = features("check", "--redis", redis.address(), "--sample", "5000");
        assertThat(clean.code()).as(clean.out() + clean.err()).isZero();
        assertThat(clean.out()).contains("5000 entities sampled, 0 expired (expected absent), 0 differ");

        String key = OnlineStore.key("churn", List.of("C0042"));
        try (Jedis jedis = redis.client()) {
            ObjectNode vector = (ObjectNode) JSON.readTree(jedis.get(key));
            double offline = vector.at("/features/total_day_minutes").asDouble();
            ((ObjectNode) vector.get("features")).put("total_day_minutes", offline + 1);
            jedis.set(key, vector.toString());

            CliTest.Run tampered = features("check", "--redis", redis.address(), "--sample", "5000");
            assertThat(tampered.code()).isEqualTo(3);
            assertThat(tampered.out()).contains("differs    customer_id=C0042: total_day_minutes offline " + offline
                    + ", online " + (offline + 1));
            assertThat(tampered.err()).startsWith("trainyard features: 1 of 5000 sampled entities of feature set"
                    + " 'churn' differ between the offline table and redis://" + redis.address());
            jedis.del(key);
            CliTest.Run missing = features("check", "--redis", redis.address(), "--sample", "5000");
            assertThat(missing.code()).isEqualTo(3);
            assertThat(missing.out()).contains("customer_id=C0042: missing online");
        }
        assertThat(features("materialize", "--redis", redis.address()).code()).isZero();
    }

    @Test
    @Order(3)
    void aPointInTimeTrainingSetTrainsAModelThatServesEntitiesFromRedis() throws Exception {
        Path training = dir.resolve("training");
        String labels = SparkSessionExtension.repoFile("data/samples/mlc_churn.csv").toString();
        CliTest.Run before = features("join", "--labels", labels, "--as-of", "2026-11-24", "--output",
                training.toString());
        assertThat(before.code()).isEqualTo(3);
        assertThat(before.err()).contains("None of the 5000 labels in " + labels + " has a feature row of 'churn' at or"
                + " before its time");

        CliTest.Run join = features("join", "--labels", labels, "--as-of", AS_OF, "--output", training.toString(),
                "--json");
        assertThat(join.code()).as(join.err()).isZero();
        assertThat(join.json().get("rows").asLong()).isEqualTo(5000);
        try (var siblings = Files.list(dir)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".staging-"));
        }
        List<String> columns = List.of(spark.read().parquet(training.toString()).columns());
        assertThat(columns).contains("customer_id", "churn", "state", "total_day_minutes")
                .doesNotContain("event_timestamp", "feature_timestamp", "_as_of");

        CliTest.Run train = CliTest.run("train", "--config", config.toString(), "--set", "data.path=" + training,
                "--store", dir.resolve("mlruns").toString());
        assertThat(train.code()).as(train.err()).isZero();

        Path bundle = dir.resolve("run/model");
        Row c1 = spark.read().option("header", true).csv(labels).filter("customer_id = 'C0001'").first();
        StringBuilder instance = new StringBuilder("{");
        for (String column : c1.schema().fieldNames()) {
            String value = c1.getAs(column);
            boolean text = List.of("customer_id", "state", "area_code", "international_plan", "voice_mail_plan", "churn")
                    .contains(column);
            instance.append(instance.length() > 1 ? "," : "").append('"').append(column).append("\":")
                    .append(text ? "\"" + value + "\"" : value);
        }
        instance.append('}');
        try (ModelServer server = ModelServer.start(ServerOptions.defaults(0), new BundleFolderSource(bundle),
                OnlineFeatures.open(RedisAddress.parse(redis.address()), "churn", 2))) {
            server.loadModel();
            JsonNode byEntity = post(server, "{\"entities\":[{\"customer_id\":\"C0001\"}]}");
            JsonNode byInstance = post(server, "{\"instances\":[" + instance + "]}");
            assertThat(byEntity.at("/predictions/0/probability").asDouble())
                    .isCloseTo(byInstance.at("/predictions/0/probability").asDouble(), within(1e-12));
            assertThat(post(server, "{\"entities\":[{\"customer_id\":\"C9999\"}]}").at("/error/code").asText())
                    .isEqualTo("entities_not_found");
        }
    }

    private static JsonNode post(ModelServer server, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.uri() + "/v1/models/churn/predict")).POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    @Test
    @Order(4)
    void badInputIsOneLineWithItsExitCode() throws IOException {
        CliTest.Run unknown = features("build", "--feature-set", "chrun");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("trainyard features: Unknown feature set 'chrun'; did you mean 'churn'?"
                + " the config declares churn" + System.lineSeparator());

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CliTest.Run unreachable = features("materialize", "--redis", "127.0.0.1:" + port);
        assertThat(unreachable.code()).isEqualTo(4);
        assertThat(unreachable.err()).startsWith("trainyard features: Redis at redis://127.0.0.1:" + port
                + " is unreachable (");

        CliTest.Run noRedis = features("check");
        assertThat(noRedis.code()).isEqualTo(2);
        assertThat(noRedis.err()).contains("features check needs --redis HOST:PORT");

        CliTest.Run entity = features("build", "--set", "feature-sets[0].entity=[customerid]");
        assertThat(entity.code()).isEqualTo(3);
        assertThat(entity.err()).contains("Column 'customerid' (feature-sets.churn.entity) not found in")
                .contains("did you mean 'customer_id'?");

        CliTest.Run duplicates = features("build", "--set", "feature-sets[0].entity=[state]");
        assertThat(duplicates.code()).isEqualTo(3);
        assertThat(duplicates.err()).contains("has more than one row per state and timestamp, e.g. ");

        CliTest.Run notBuilt = features("materialize", "--redis", redis.address(), "--set",
                "feature-sets[0].offline=" + dir.resolve("nothing"));
        assertThat(notBuilt.code()).isEqualTo(2);
        assertThat(notBuilt.err()).contains("has no offline table at").contains("trainyard features build");

        CliTest.Run date = features("build", "--as-of", "25.11.2026");
        assertThat(date.code()).isEqualTo(2);
        assertThat(date.err()).contains("--as-of '25.11.2026' is not a date; use YYYY-MM-DD");
    }
}
