package io.trainyard.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainyard.common.TrainyardException;
import io.trainyard.tracking.artifacts.ArtifactStore;
import io.trainyard.tracking.artifacts.ArtifactTransfer;
import io.trainyard.tracking.registry.ModelRegistry;
import io.trainyard.tracking.rest.MlflowApiException;
import io.trainyard.tracking.rest.MlflowRest;
import io.trainyard.tracking.rest.TrackingConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/**
 * trainyard's door to MLflow: experiments, runs, params, metrics, tags and run status through the
 * official {@link MlflowClient}; run creation, the registry ({@link #registry()}) and artifacts
 * ({@link #artifacts()}) over trainyard's own REST calls where the official client cannot go or
 * would retry unsafely. The same code path serves the embedded server and a real MLflow server.
 */
public final class TrackingClient implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(TrackingClient.class);
    private static final int MAX_PARAM_VALUE_LENGTH = 6000;

    private final TrackingConfig config;
    private final MlflowClient official;
    private final OfficialCalls calls;
    private final MlflowRest rest;
    private final ModelRegistry registry;
    private volatile ArtifactTransfer artifacts;

    private TrackingClient(TrackingConfig config) {
        this.config = config;
        this.official = new MlflowClient(new BasicMlflowHostCreds(config.uri().toString(), config.username(),
                config.password(), config.token(), config.insecureTls()));
        this.calls = new OfficialCalls(config.uri());
        this.rest = MlflowRest.connect(config);
        this.registry = ModelRegistry.create(rest);
        this.artifacts = ArtifactTransfer.create(rest);
    }

    public static TrackingClient connect(TrackingConfig config) {
        return new TrackingClient(config);
    }

    public URI uri() {
        return config.uri();
    }

    public ModelRegistry registry() {
        return registry;
    }

    public ArtifactTransfer artifacts() {
        return artifacts;
    }

    /**
     * Serves artifact URIs of schemes this module has no store for (hdfs:, s3a:, …) with
     * {@code store}; modules that carry Hadoop plug in its FileSystem here, so this one stays
     * Hadoop-free.
     */
    public void useArtifactFallback(ArtifactStore store) {
        artifacts = artifacts.withFallback(store);
    }

    /** The experiment's id, creating it if needed (a concurrent creator is fine). */
    public String experimentId(String name) {
        Optional<Service.Experiment> existing = calls.call("get experiment '" + name + "'",
                () -> official.getExperimentByName(name));
        if (existing.isPresent()) {
            return existing.get().getExperimentId();
        }
        try {
            ObjectNode body = rest.json().createObjectNode().put("name", name);
            return rest.send("POST", "mlflow/experiments/create", body, MlflowRest.Retry.IDEMPOTENT)
                    .path("experiment_id").asText();
        } catch (MlflowApiException e) {
            if (!e.isAlreadyExists()) {
                throw e;
            }
            return calls.call("get experiment '" + name + "'", () -> official.getExperimentByName(name))
                    .orElseThrow(() -> e).getExperimentId();
        }
    }

    /**
     * Starts a run with the callers' tags (git commit, config hash, data fingerprint, version: see
     * {@link RunTags}). Sent once, without retry after it may have reached the server, so a retry
     * never makes a second run.
     */
    public TrackedRun startRun(String experimentId, String runName, Map<String, String> tags) {
        ObjectNode body = rest.json().createObjectNode().put("experiment_id", experimentId)
                .put("run_name", runName).put("start_time", System.currentTimeMillis())
                .put("user_id", System.getProperty("user.name", ""));
        ArrayNode tagArray = body.putArray("tags");
        tags.forEach((key, value) -> tagArray.addObject().put("key", key).put("value", value));
        JsonNode run = rest.send("POST", "mlflow/runs/create", body, MlflowRest.Retry.ONCE).path("run");
        String runId = run.path("info").path("run_id").asText();
        LOG.info("run {} ({}) started in experiment {}; artifacts at {}", runId, runName, experimentId,
                run.path("info").path("artifact_uri").asText());
        return run(runId);
    }

    /** Logs params, metrics and tags in as many runs/log-batch calls as MLflow's limits need. */
    public void log(String runId, Map<String, String> params, List<Metric> metrics, Map<String, String> tags) {
        params.forEach((key, value) -> {
            if (value != null && value.length() > MAX_PARAM_VALUE_LENGTH) {
                throw TrainyardException.usage("Param '" + key + "' is " + value.length() + " characters; MLflow"
                        + " accepts at most " + MAX_PARAM_VALUE_LENGTH + ". Log it as an artifact instead.");
            }
        });
        for (Batches.Batch batch : Batches.split(metrics, params, tags)) {
            List<Service.Metric> protoMetrics = batch.metrics().stream().map(TrackingClient::toProto).toList();
            List<Service.Param> protoParams = batch.params().stream()
                    .map(e -> Service.Param.newBuilder().setKey(e.getKey()).setValue(e.getValue()).build()).toList();
            List<Service.RunTag> protoTags = batch.tags().stream()
                    .map(e -> Service.RunTag.newBuilder().setKey(e.getKey()).setValue(e.getValue()).build()).toList();
            calls.run("log a batch to run " + runId, () -> official.logBatch(runId, protoMetrics, protoParams,
                    protoTags));
        }
    }

    public void logParams(String runId, Map<String, String> params) {
        log(runId, params, List.of(), Map.of());
    }

    public void logMetrics(String runId, List<Metric> metrics) {
        log(runId, Map.of(), metrics, Map.of());
    }

    public void setTags(String runId, Map<String, String> tags) {
        log(runId, Map.of(), List.of(), tags);
    }

    public void finishRun(String runId) {
        calls.run("finish run " + runId, () -> official.setTerminated(runId, Service.RunStatus.FINISHED));
    }

    /** Marks the run FAILED with the reason as tag {@value RunTags#FAILURE_REASON}; then rethrow yours. */
    public void failRun(String runId, String reason) {
        String line = reason == null ? "unknown" : reason.replaceAll("\\s+", " ").trim();
        String value = line.length() > 5000 ? line.substring(0, 5000) : line;
        calls.run("tag run " + runId, () -> official.setTag(runId, RunTags.FAILURE_REASON, value));
        calls.run("fail run " + runId, () -> official.setTerminated(runId, Service.RunStatus.FAILED));
    }

    public TrackedRun run(String runId) {
        return toRun(calls.call("get run " + runId, () -> official.getRun(runId)));
    }

    /** Every logged value of one metric, in logging order. */
    public List<Metric> metricHistory(String runId, String key) {
        return calls.call("get metric history of " + key, () -> official.getMetricHistory(runId, key)).stream()
                .map(m -> new Metric(m.getKey(), m.getValue(), m.getTimestamp(), m.getStep())).toList();
    }

    /** Runs of the experiments matching an MLflow filter (e.g. {@code metrics.auc > 0.8}), newest first. */
    public List<TrackedRun> searchRuns(List<String> experimentIds, String filter, int maxResults) {
        List<TrackedRun> runs = new ArrayList<>();
        calls.call("search runs", () -> official.searchRuns(experimentIds, filter, Service.ViewType.ACTIVE_ONLY,
                maxResults)).getItems().forEach(run -> runs.add(toRun(run)));
        return runs;
    }

    private static Service.Metric toProto(Metric metric) {
        return Service.Metric.newBuilder().setKey(metric.key()).setValue(metric.value())
                .setTimestamp(metric.timestamp()).setStep(metric.step()).build();
    }

    private static TrackedRun toRun(Service.Run run) {
        Service.RunInfo info = run.getInfo();
        Map<String, String> params = new LinkedHashMap<>();
        run.getData().getParamsList().forEach(p -> params.put(p.getKey(), p.getValue()));
        Map<String, Double> metrics = new LinkedHashMap<>();
        run.getData().getMetricsList().forEach(m -> metrics.put(m.getKey(), m.getValue()));
        Map<String, String> tags = new LinkedHashMap<>();
        run.getData().getTagsList().forEach(t -> tags.put(t.getKey(), t.getValue()));
        return new TrackedRun(info.getRunId(), info.getExperimentId(), info.getRunName(), info.getStatus().name(),
                info.getArtifactUri(), info.getStartTime(), info.getEndTime(), params, metrics, tags);
    }

    @Override
    public void close() {
        official.close();
    }
}
