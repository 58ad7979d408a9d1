package io.trainyard.serving.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Swapping model versions under concurrent load, and shutting down under load: no request fails,
 * every old ONNX Runtime session is closed once its requests are done, and a failed reload keeps
 * the version being served.
 */
class HotSwapTest {
    private static final String BODY = "{\"instances\":[{\"color\":\"red\",\"size\":0.5},{\"color\":\"blue\",\"size\":1}]}";
    private static final int CLIENTS = 6;

    /** Clients sending predict requests in a loop until stopped; counts answers by status and version. */
    private static final class Load implements AutoCloseable {
        final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        final Set<String> versions = ConcurrentHashMap.newKeySet();
        final AtomicBoolean running = new AtomicBoolean(true);
        final CountDownLatch warm = new CountDownLatch(CLIENTS);
        final ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        final List<Future<?>> clients = new ArrayList<>();

        Load(URI uri) {
            HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(2)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(uri + "/v1/models/toy/predict"))
                    .POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    int sent = 0;
                    while (running.get()) {
                        String outcome;
                        try {
                            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                            outcome = Integer.toString(response.statusCode());
                            if (response.statusCode() == 200) {
                                versions.add(response.body().replaceAll(".*\"version\":\"([^\"]+)\".*", "$1"));
                            }
                        } catch (Exception e) {
                            outcome = e.getClass().getSimpleName();
                        }
                        outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                        if (++sent == 5) {
                            warm.countDown();
                        }
                    }
                    return null;
                }));
            }
        }

        int count(String outcome) {
            return outcomes.getOrDefault(outcome, new AtomicInteger()).get();
        }

        @Override
        public void close() throws Exception {
            running.set(false);
            for (Future<?> client : clients) {
                client.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
        }
    }

    @Test
    void swapsVersionsUnderConcurrentLoadWithoutAFailedRequest() throws Exception {
        ToySource source = new ToySource("median");
        try (ModelServer server = ModelServer.start(ServerOptions.defaults(0), source)) {
            server.loadModel();
            try (Load load = new Load(server.uri())) {
                assertThat(load.warm.await(30, TimeUnit.SECONDS)).isTrue();
                for (int v = 2; v <= 21; v++) {
                    source.version.set(Integer.toString(v));
                    assertThat(server.refresh()).isTrue();
                    Thread.sleep(20);
                }
                assertThat(server.refresh()).as("same version: no reload").isFalse();
                Thread.sleep(100);
                load.close();
                assertThat(load.outcomes.keySet()).containsOnly("200");
                assertThat(load.count("200")).isGreaterThan(100);
                assertThat(load.versions).contains("1", "21").hasSizeGreaterThan(2);
            }
            assertThat(server.slot().current().orElseThrow().version()).isEqualTo("21");
            List<ServedModel> retired = source.loaded.subList(0, source.loaded.size() - 1);
            assertThat(retired).hasSize(20).allMatch(ServedModel::closed);
        }
        assertThat(source.loaded).allMatch(ServedModel::closed);
    }

    @Test
    void aFailedReloadKeepsServingTheCurrentVersionAndIsCounted() throws Exception {
        ToySource source = new ToySource("median");
        try (ModelServer server = ModelServer.start(ServerOptions.defaults(0), source)) {
            server.loadModel();
            source.failLoads = true;
            source.version.set("2");
            assertThat(server.refresh()).isFalse();
            assertThat(ModelServerTest.predict(server, BODY).json().get("version").asText()).isEqualTo("1");
            assertThat(ModelServerTest.send(server, "GET", "/metrics", null).body())
                    .contains("trainyard_serving_reload_failures_total 1.0");

            source.failLoads = false;
            assertThat(server.refresh()).isTrue();
            assertThat(ModelServerTest.predict(server, BODY).json().get("version").asText()).isEqualTo("2");
        }
    }

    @Test
    void pollingFollowsTheSourceOnItsOwn() throws Exception {
        ToySource source = new ToySource("median");
        try (ModelServer server = ModelServer.start(ServerOptions.defaults(0), source)) {
            server.loadModel();
            server.pollEvery(java.time.Duration.ofMillis(50));
            source.version.set("2");
            long deadline = System.currentTimeMillis() + 10_000;
            while (!"2".equals(server.slot().current().orElseThrow().version())
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(server.slot().current().orElseThrow().version()).isEqualTo("2");
        }
    }

    @Test
    void shutdownUnderLoadLetsInFlightRequestsFinishThenClosesTheSession() throws Exception {
        ToySource source = new ToySource("median");
        ModelServer server = ModelServer.start(ServerOptions.defaults(0), source);
        server.loadModel();
        try (Load load = new Load(server.uri())) {
            assertThat(load.warm.await(30, TimeUnit.SECONDS)).isTrue();
            server.close();
            load.running.set(false);
            load.close();
            // every answer is a prediction or a clean 503 "shutting down", then the port is closed
            assertThat(load.outcomes.keySet()).allMatch(o -> o.equals("200") || o.equals("503")
                    || o.equals("ConnectException") || o.equals("IOException"));
            assertThat(load.count("200")).isPositive();
        }
        assertThat(source.loaded).allMatch(ServedModel::closed);
    }
}
