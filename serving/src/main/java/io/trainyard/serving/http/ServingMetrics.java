package io.trainyard.serving.http;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The server's Prometheus metrics, in a registry of its own (two servers in one JVM never mix):
 * requests by endpoint and status, latency histograms, instances scored, the model being served,
 * failed reloads, and online feature lookups.
 */
final class ServingMetrics {
    /** Latency buckets in seconds: fine below 10 ms, where an ONNX model answers. */
    private static final double[] LATENCY_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
        0.5, 1, 2.5};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests = Counter.builder().name("trainyard_serving_requests")
            .help("HTTP requests by endpoint and status code").labelNames("endpoint", "status").register(registry);
    private final Histogram latency = Histogram.builder().name("trainyard_serving_request_duration_seconds")
            .help("HTTP request latency, from handler start to response sent").labelNames("endpoint")
            .classicOnly().classicUpperBounds(LATENCY_BUCKETS).register(registry);
    private final Counter instances = Counter.builder().name("trainyard_serving_instances")
            .help("Instances scored").register(registry);
    private final Gauge model = Gauge.builder().name("trainyard_serving_model_info")
            .help("The model version being served (value 1)").labelNames("model", "version").register(registry);
    private final Histogram featureLookup = Histogram.builder()
            .name("trainyard_serving_feature_lookup_duration_seconds")
            .help("Online feature lookups: one Redis round trip per predict request with entities")
            .classicOnly().classicUpperBounds(LATENCY_BUCKETS).register(registry);
    private final Counter featureEntities = Counter.builder().name("trainyard_serving_feature_entities")
            .help("Entities looked up in the online store, by outcome (found, unknown, expired, failed)")
            .labelNames("outcome").register(registry);
    private final Counter reloadFailures = Counter.builder().name("trainyard_serving_reload_failures")
            .help("Polls that failed to resolve or load a new model version").register(registry);

    void request(String endpoint, int status, long nanos) {
        requests.labelValues(endpoint, Integer.toString(status)).inc();
        latency.labelValues(endpoint).observe(nanos / 1e9);
    }

    void scored(int count) {
        instances.inc(count);
    }

    void serving(String name, String version) {
        synchronized (model) {
            model.clear();
            model.labelValues(name, version).set(1);
        }
    }

    /** Counts {@code entities} with one outcome; times the lookup when {@code nanos} > 0. */
    void featureLookup(String outcome, int entities, long nanos) {
        featureEntities.labelValues(outcome).inc(entities);
        if (nanos > 0) {
            featureLookup.observe(nanos / 1e9);
        }
    }

    void reloadFailed() {
        reloadFailures.inc();
    }

    String contentType() {
        return writer.getContentType();
    }

    byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
