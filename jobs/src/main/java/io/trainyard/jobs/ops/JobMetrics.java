package io.trainyard.jobs.ops;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.trainyard.common.TrainyardException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What one batch command measured (duration, rows, throughput, the CV metric, drift, its exit
 * status), pushed to a Prometheus Pushgateway when {@code --pushgateway host:port} is given, grouped
 * by job ({@code trainyard_<command>}) and model, so an alert can say "churn scoring has not
 * succeeded for 26 hours". The metrics and their text format are Prometheus' own library; the push is
 * one HTTP PUT written here, because the matching pushgateway exporter
 * (prometheus-metrics-exporter-pushgateway 1.10) is not published. A Pushgateway that is down never
 * changes the job's outcome: the push failure is logged as a warning.
 */
public final class JobMetrics {
    private static final Logger LOG = LogManager.getLogger(JobMetrics.class);

    private record Value(String help, double value) {
    }

    private final Map<String, Value> values = new LinkedHashMap<>();
    private String model = "none";

    /**
     * Sets {@code trainyard_<name>}; later calls replace earlier ones. Characters Prometheus does not
     * allow in a name (e.g. the '-' of pr-auc, a feature's '.') become '_'.
     */
    public void set(String name, String help, double value) {
        values.put(name.replaceAll("[^A-Za-z0-9_]", "_"), new Value(help, value));
    }

    /** The model the job worked on: the {@code model} grouping label. */
    public void model(String name) {
        if (name != null && !name.isBlank()) {
            this.model = name;
        }
    }

    public String model() {
        return model;
    }

    /** The exposition text of everything measured plus the job's outcome. */
    public String render(String command, int exitCode, double seconds, long finishedEpochSeconds) {
        PrometheusRegistry registry = new PrometheusRegistry();
        gauge(registry, "job_duration_seconds", "Wall time of the command", seconds);
        gauge(registry, "job_exit_code", "Exit code of the command (0 done, 2 usage, 3 data, 4 tracking, 5 gate, 1 other)",
                exitCode);
        gauge(registry, "job_last_run_timestamp_seconds", "When the command last finished", finishedEpochSeconds);
        if (exitCode == 0) {
            gauge(registry, "job_last_success_timestamp_seconds", "When the command last succeeded",
                    finishedEpochSeconds);
        }
        values.forEach((name, value) -> gauge(registry, name, value.help(), value.value()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw TrainyardException.internal("Cannot render metrics: " + e.getMessage(), e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * PUTs the metrics to {@code http://<target>/metrics/job/trainyard_<command>/model/<model>},
     * replacing the group's previous push. Returns whether it arrived.
     */
    public boolean push(String target, String command, int exitCode, double seconds) {
        URI uri = groupUri(target, command);
        String body = render(command, exitCode, seconds, System.currentTimeMillis() / 1000);
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", PrometheusTextFormatWriter.CONTENT_TYPE)
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                LOG.warn("Pushgateway {} answered {} to the job's metrics: {}", uri, response.statusCode(),
                        response.body().strip());
                return false;
            }
            LOG.info("pushed {} metrics to {}", values.size() + 3, uri);
            return true;
        } catch (IOException e) {
            LOG.warn("Pushgateway {} is unreachable ({}); the job's metrics were not pushed", uri, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    URI groupUri(String target, String command) {
        String base = target.contains("://") ? target : "http://" + target;
        return URI.create(base.replaceAll("/+$", "") + "/metrics/job/" + encode("trainyard_" + command.replace('-', '_'))
                + "/model/" + encode(model));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void gauge(PrometheusRegistry registry, String name, String help, double value) {
        Gauge.builder().name("trainyard_" + name).help(help).register(registry).set(value);
    }
}
