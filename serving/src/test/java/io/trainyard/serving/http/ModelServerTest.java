package io.trainyard.serving.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP adapter on a loopback port over the hand-built test graph: answers, every kind of bad
 * input (status, code, message, fields; the server keeps serving), readiness, limits and metrics.
 */
class ModelServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final List<ModelServer> servers = new ArrayList<>();

    /** Status and parsed body of one exchange. */
    record Reply(int status, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        JsonNode error() throws IOException {
            return json().get("error");
        }
    }

    @AfterEach
    void stop() {
        servers.forEach(ModelServer::close);
    }

    private ModelServer serve(ServerOptions options, ToySource source) {
        ModelServer server = ModelServer.start(options, source);
        servers.add(server);
        server.loadModel();
        return server;
    }

    private static ServerOptions options(int maxBodyBytes, double rate, boolean rejectUnknownCategories) {
        return new ServerOptions("127.0.0.1", 0, maxBodyBytes, rate, 4, 64, rejectUnknownCategories,
                java.time.Duration.ofSeconds(5));
    }

    private ModelServer serve() {
        return serve(ServerOptions.defaults(0), new ToySource("median"));
    }

    static Reply send(ModelServer server, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri() + path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(), response.headers());
    }

    static Reply predict(ModelServer server, String body) throws Exception {
        return send(server, "POST", "/v1/models/toy/predict", body);
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void predictsEachInstanceWithLabelAndProbabilities() throws Exception {
        ModelServer server = serve();
        Reply reply = predict(server, "{\"instances\":[{\"color\":\"red\",\"size\":0.5},"
                + "{\"color\":\"blue\",\"size\":-2,\"customer\":\"ignored\"},{\"color\":null,\"size\":null}]}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode json = reply.json();
        assertThat(json.get("model").asText()).isEqualTo("toy");
        assertThat(json.get("version").asText()).isEqualTo("1");
        JsonNode first = json.get("predictions").get(0);
        assertThat(first.get("prediction").asText()).isEqualTo("yes");
        assertThat(first.get("probability").asDouble()).isCloseTo(sigmoid(1.5), within(1e-12));
        assertThat(first.at("/probabilities/no").asDouble()).isCloseTo(1 - sigmoid(1.5), within(1e-12));
        assertThat(json.at("/predictions/1/prediction").asText()).isEqualTo("no");
        assertThat(json.at("/predictions/1/probability").asDouble()).isCloseTo(sigmoid(-2), within(1e-12));
        // missing values: an unseen category and an imputed number (the model's own policy)
        assertThat(json.at("/predictions/2/probability").asDouble()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void aRegressionModelAnswersItsNumberPerInstance() throws Exception {
        ModelServer server = serve(ServerOptions.defaults(0), new ToySource("median", true));
        Reply reply = predict(server, "{\"instances\":[{\"color\":\"red\",\"size\":0.5},"
                + "{\"color\":\"blue\",\"size\":-2},{\"color\":\"green\",\"size\":null}]}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode predictions = reply.json().get("predictions");
        assertThat(predictions).hasSize(3);
        assertThat(predictions.get(0).get("prediction").asDouble()).isCloseTo(1.5, within(1e-12));
        assertThat(predictions.get(1).get("prediction").asDouble()).isCloseTo(-2, within(1e-12));
        assertThat(predictions.get(2).get("prediction").asDouble()).isCloseTo(0, within(1e-12));
        assertThat(predictions.get(0).has("probabilities")).isFalse();
        Reply bad = predict(server, "{\"instances\":[{\"color\":\"red\",\"size\":\"big\"}]}");
        assertThat(bad.status()).as(bad.body()).isEqualTo(422);
    }

    @Test
    void malformedJsonIs400AndTheServerKeepsServing() throws Exception {
        ModelServer server = serve();
        Reply reply = predict(server, "{\"instances\":[{\"color\":\"red\",");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.error().get("code").asText()).isEqualTo("malformed_json");
        assertThat(reply.error().get("message").asText()).startsWith("The body is not valid JSON: ")
                .contains("line 1, column");
        assertThat(reply.error().get("fields")).isEmpty();

        Reply shape = predict(server, "[{\"color\":\"red\",\"size\":1}]");
        assertThat(shape.status()).isEqualTo(400);
        assertThat(shape.error().get("code").asText()).isEqualTo("invalid_request");
        assertThat(shape.error().get("message").asText()).contains("{\"instances\": [{...}, ...]}");

        assertThat(predict(server, "{\"instances\":[{\"color\":\"red\",\"size\":1}]}").status()).isEqualTo(200);
    }

    @Test
    void wrongTypesAndMissingFieldsAre422NamingEveryField() throws Exception {
        ModelServer server = serve();
        Reply reply = predict(server, "{\"instances\":[{\"color\":\"red\",\"size\":1},"
                + "{\"color\":3,\"size\":\"big\"},{\"color\":\"red\"},{\"color\":[\"red\"],\"size\":true},7]}");

        assertThat(reply.status()).isEqualTo(422);
        JsonNode error = reply.error();
        assertThat(error.get("code").asText()).isEqualTo("invalid_instances");
        // the instance that is not an object is reported first, on its own
        assertThat(error.get("fields")).hasSize(1);
        assertThat(error.at("/fields/0/instance").asInt()).isEqualTo(4);
        assertThat(error.at("/fields/0/field").isNull()).isTrue();
        assertThat(error.at("/fields/0/problem").asText()).isEqualTo("expected an object of input columns, found number");

        Reply typed = predict(server, "{\"instances\":[{\"color\":\"red\",\"size\":1},"
                + "{\"color\":3,\"size\":\"big\"},{\"color\":\"red\"},{\"color\":[\"red\"],\"size\":true}]}");
        assertThat(typed.status()).isEqualTo(422);
        assertThat(problems(typed)).containsExactly(
                "1 color: expected a string, found number 3.0",
                "1 size: expected a number, found string \"big\"",
                "2 size: missing; expected a number (send null for an unknown value)",
                "3 color: expected a string, found array [[\"red\"]]",
                "3 size: expected a number, found boolean true");
        assertThat(typed.error().get("message").asText()).isEqualTo("5 invalid field(s); see \"fields\"");
    }

    private static List<String> problems(Reply reply) throws IOException {
        List<String> problems = new ArrayList<>();
        for (JsonNode field : reply.error().get("fields")) {
            problems.add(field.get("instance").asInt() + " " + field.get("field").asText() + ": "
                    + field.get("problem").asText());
        }
        return problems;
    }

    @Test
    void infinityIsAlways422AndNaNOnlyWhereTheModelRefusesMissingValues() throws Exception {
        ModelServer imputing = serve();
        Reply infinite = predict(imputing, "{\"instances\":[{\"color\":\"red\",\"size\":Infinity},"
                + "{\"color\":\"red\",\"size\":-1e999},{\"color\":\"red\",\"size\":NaN}]}");
        assertThat(infinite.status()).isEqualTo(422);
        assertThat(problems(infinite)).containsExactly("0 size: expected a finite number, found Infinity",
                "1 size: expected a finite number, found -Infinity");

        ModelServer strict = serve(ServerOptions.defaults(0), new ToySource("error"));
        Reply missing = predict(strict, "{\"instances\":[{\"color\":\"red\",\"size\":NaN},"
                + "{\"color\":\"red\",\"size\":null},{\"color\":\"red\",\"size\":2}]}");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(problems(missing)).containsExactly(
                "0 size: expected a number, found NaN; this model refuses missing values (missing: error)",
                "1 size: expected a number, found null; this model refuses missing values (missing: error)");
    }

    @Test
    void unknownCategoriesAreScoredByTheModelsPolicyOrRefusedWhenTheServerIsStrict() throws Exception {
        String green = "{\"instances\":[{\"color\":\"green\",\"size\":0}]}";
        Reply scored = predict(serve(), green);
        assertThat(scored.status()).isEqualTo(200);
        assertThat(scored.json().at("/predictions/0/probability").asDouble()).isCloseTo(0.5, within(1e-12));

        ModelServer strict = serve(options(ServerOptions.DEFAULT_MAX_BODY_BYTES, 0, true), new ToySource("median"));
        Reply refused = predict(strict, green);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(problems(refused)).containsExactly("0 color: unknown category \"green\"; known: red, blue");
    }

    @Test
    void anEmptyBatchIs422() throws Exception {
        Reply reply = predict(serve(), "{\"instances\":[]}");
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.error().get("code").asText()).isEqualTo("empty_batch");
        assertThat(reply.error().get("message").asText()).isEqualTo("\"instances\" is empty; send at least one instance");
        assertThat(reply.error().at("/fields/0/instance").isNull()).isTrue();
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        ModelServer server = serve(options(200, 0, false), new ToySource("median"));
        StringBuilder body = new StringBuilder("{\"instances\":[");
        for (int i = 0; i < 20; i++) {
            body.append(i == 0 ? "" : ",").append("{\"color\":\"red\",\"size\":1}");
        }
        String large = body.append("]}").toString();
        Reply reply = predict(server, large);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.error().get("code").asText()).isEqualTo("payload_too_large");
        assertThat(reply.error().get("message").asText()).isEqualTo("The body has " + large.length()
                + " bytes; the limit is 200 bytes: send fewer instances per request");

        // without a Content-Length (chunked), the limit is enforced while reading
        HttpResponse<String> chunked = CLIENT.send(HttpRequest.newBuilder(URI.create(server.uri()
                + "/v1/models/toy/predict")).POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(large.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).contains("The body has more than 200 bytes");
        assertThat(predict(server, "{\"instances\":[{\"color\":\"red\",\"size\":1}]}").status()).isEqualTo(200);
    }

    @Test
    void requestsAboveTheRateAre429() throws Exception {
        ModelServer server = serve(options(ServerOptions.DEFAULT_MAX_BODY_BYTES, 3, false), new ToySource("median"));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            statuses.add(predict(server, "{\"instances\":[{\"color\":\"red\",\"size\":1}]}").status());
        }
        assertThat(statuses).contains(200, 429);
        assertThat(statuses.stream().filter(s -> s == 200).count()).isLessThanOrEqualTo(4);
        Reply limited = predict(server, "{\"instances\":[{\"color\":\"red\",\"size\":1}]}");
        if (limited.status() == 429) {
            assertThat(limited.error().get("code").asText()).isEqualTo("rate_limited");
            assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        }
        // health and metrics are not rate limited
        assertThat(send(server, "GET", "/health/ready", null).status()).isEqualTo(200);
    }

    @Test
    void unknownModelsPathsAndMethodsAre404And405() throws Exception {
        ModelServer server = serve();
        Reply model = predict(server, "{}");
        Reply unknown = send(server, "POST", "/v1/models/churn/predict", "{\"instances\":[]}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error().get("code").asText()).isEqualTo("model_not_found");
        assertThat(unknown.error().get("message").asText()).isEqualTo("No model named 'churn' is served here;"
                + " this server serves 'toy' at POST /v1/models/toy/predict");
        assertThat(model.status()).isEqualTo(400);

        Reply path = send(server, "GET", "/v2/anything", null);
        assertThat(path.status()).isEqualTo(404);
        assertThat(path.error().get("code").asText()).isEqualTo("not_found");

        Reply method = send(server, "GET", "/v1/models/toy/predict", null);
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.headers().firstValue("Allow")).hasValue("POST");
        assertThat(method.error().get("message").asText()).isEqualTo("GET is not allowed on /v1/models/toy/predict; use POST");
        assertThat(send(server, "DELETE", "/metrics", null).status()).isEqualTo(405);
    }

    @Test
    void readyOnlyOnceTheModelIsLoaded() throws Exception {
        ToySource source = new ToySource("median");
        ModelServer server = ModelServer.start(ServerOptions.defaults(0), source);
        servers.add(server);
        assertThat(send(server, "GET", "/health/live", null).status()).isEqualTo(200);
        Reply notReady = send(server, "GET", "/health/ready", null);
        assertThat(notReady.status()).isEqualTo(503);
        assertThat(notReady.error().get("code").asText()).isEqualTo("not_ready");
        assertThat(predict(server, "{\"instances\":[{\"color\":\"red\",\"size\":1}]}").status()).isEqualTo(503);

        server.loadModel();
        Reply ready = send(server, "GET", "/health/ready", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("version").asText()).isEqualTo("1");
    }

    @Test
    void metricsCountRequestsByStatusTimeThemAndNameTheModel() throws Exception {
        ModelServer server = serve();
        predict(server, "{\"instances\":[{\"color\":\"red\",\"size\":1},{\"color\":\"blue\",\"size\":1}]}");
        predict(server, "{\"instances\":[{\"color\":\"red\",\"size\":1}]}");
        predict(server, "not json");
        Reply metrics = send(server, "GET", "/metrics", null);

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        assertThat(metrics.body().lines()).contains(
                "trainyard_serving_requests_total{endpoint=\"predict\",status=\"200\"} 2.0",
                "trainyard_serving_requests_total{endpoint=\"predict\",status=\"400\"} 1.0",
                "trainyard_serving_instances_total 3.0",
                "trainyard_serving_model_info{model=\"toy\",version=\"1\"} 1.0",
                "trainyard_serving_request_duration_seconds_count{endpoint=\"predict\"} 3",
                "# TYPE trainyard_serving_request_duration_seconds histogram");
        assertThat(metrics.body()).contains("trainyard_serving_request_duration_seconds_bucket{endpoint=\"predict\",le=\"0.001\"}");
    }
}
