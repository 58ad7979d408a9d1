package io.trainyard.jobs.tracking;

import io.trainyard.common.ErrorCategory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.trainyard.common.TrainyardException;
import io.trainyard.tracking.Metric;
import io.trainyard.tracking.TrackedRun;
import io.trainyard.tracking.TrackingClient;
import io.trainyard.tracking.registry.AuditEntry;
import io.trainyard.tracking.registry.ModelRegistry;
import io.trainyard.tracking.registry.ModelVersion;
import io.trainyard.training.TrainResult;
import io.trainyard.training.cv.CrossValidation;
import io.trainyard.training.metrics.Scores;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One training run in MLflow: the resolved config as params, CV metrics per fold (with
 * {@code step} = fold) and holdout metrics, the bundle as artifacts, a new registered model
 * version, and the {@code challenger} alias moved to it (audited).
 */
public final class TrainingRun {
    private static final Logger LOG = LogManager.getLogger(TrainingRun.class);
    /** MLflow's older servers cap param values at 500 characters. */
    private static final int MAX_PARAM = 500;

    private final TrackingClient client;
    private final String model;
    private final TrackedRun run;

    /**
     * What registration produced.
     *
     * @param runId the run
     * @param version the new model version
     * @param source the bundle's artifact URI
     * @param previousChallenger the version 'challenger' pointed to before, if any
     */
    public record Registered(String runId, String version, String source, Optional<String> previousChallenger) {
    }

    private TrainingRun(TrackingClient client, String model, TrackedRun run) {
        this.client = client;
        this.model = model;
        this.run = run;
    }

    /** Starts the run in the experiment named after the model and logs the config as params. */
    public static TrainingRun start(TrackingClient client, String model, String resolvedYaml, Map<String, String> tags) {
        String experiment = client.experimentId(model);
        TrackedRun run = client.startRun(experiment, model + " train", tags);
        client.logParams(run.runId(), flatten(resolvedYaml));
        LOG.info("tracking run {} in experiment '{}'", run.runId(), model);
        return new TrainingRun(client, model, run);
    }

    public String runId() {
        return run.runId();
    }

    /** Marks the run FAILED with the reason; never hides the original error. */
    public void fail(Throwable error) {
        try {
            client.setTags(run.runId(), RunOutcome.tags(ErrorCategory.of(error).exitCode()));
            client.failRun(run.runId(), String.valueOf(error.getMessage()));
        } catch (RuntimeException e) {
            error.addSuppressed(e);
        }
    }

    /**
     * What is left to send once training has finished: metrics, the winner's params, the bundle,
     * and the version's tags. Written to disk by the caller before {@link #complete} so that a
     * server lost mid-run does not lose the trained model.
     */
    public PendingRegistration prepare(TrainResult result, String user, Optional<String> parity) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("best.family", result.cv().best().candidate().family());
        result.cv().best().candidate().params().forEach((k, v) -> params.put("best." + k, String.valueOf(v)));
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("trainyard.bundle_id", result.bundleId());
        tags.put("trainyard.family", result.cv().best().candidate().family());
        result.holdout().asMap().forEach((k, v) -> tags.put("trainyard.holdout." + k, format(v)));
        tags.put(Exports.PARITY_TAG, parity.orElse("none: no ONNX export"));
        return new PendingRegistration(client.uri().toString(), model, run.runId(), run.artifactUri(),
                result.bundleDir().toAbsolutePath().toString(), metrics(result), params, tags, user);
    }

    /**
     * Logs the result, uploads the bundle, registers a version, moves 'challenger' to it and
     * finishes the run. Idempotent: replaying a pending registration that was partly sent completes
     * it without a second version, a duplicate metric or a second alias move.
     */
    public static Registered complete(TrackingClient client, PendingRegistration pending) {
        String runId = pending.runId();
        client.logMetrics(runId, pending.metrics());
        client.logParams(runId, pending.params());
        int files = client.artifacts().uploadDirectory(pending.artifactUri(), Path.of(pending.bundleDir()), "model");
        String source = pending.artifactUri() + "/model";
        LOG.info("uploaded the bundle ({} files) to {}", files, source);

        String model = pending.model();
        ModelRegistry registry = client.registry();
        registry.createModel(model, "trainyard model '" + model + "'");
        ModelVersion version = registry.createVersion(model, source, runId, pending.versionTags(), null);
        registry.waitUntilReady(model, version.version(), Duration.ofMinutes(2));
        Optional<String> previous = registry.alias(model, Aliases.CHALLENGER).map(ModelVersion::version);
        boolean alreadyMoved = previous.equals(Optional.of(version.version()));
        if (!alreadyMoved) {
            registry.moveAlias(model, Aliases.CHALLENGER, previous, version.version(),
                    AuditEntry.of(pending.user(), "trained in run " + runId, Map.of()));
        }
        client.setTags(runId, RunOutcome.tags(0));
        client.finishRun(runId);
        return new Registered(runId, version.version(), source, alreadyMoved ? Optional.empty() : previous);
    }

    static List<Metric> metrics(TrainResult result) {
        List<Metric> metrics = new ArrayList<>();
        CrossValidation.Result cv = result.cv();
        String key = cv.metric().key();
        metrics.add(Metric.of("cv." + key + ".mean", cv.best().mean()));
        metrics.add(Metric.of("cv." + key + ".std", cv.best().std()));
        List<CrossValidation.CandidateResult> candidates = cv.candidates();
        for (int c = 0; c < candidates.size(); c++) {
            List<Scores> folds = candidates.get(c).folds();
            for (int fold = 0; fold < folds.size(); fold++) {
                metrics.add(Metric.atStep("cv.candidate" + c + "." + key, folds.get(fold).get(cv.metric()), fold));
                if (candidates.get(c) == cv.best()) {
                    for (Map.Entry<String, Double> m : folds.get(fold).asMap().entrySet()) {
                        metrics.add(Metric.atStep("cv.fold." + m.getKey(), m.getValue(), fold));
                    }
                }
            }
        }
        result.holdout().asMap().forEach((k, v) -> metrics.add(Metric.of("holdout." + k, v)));
        metrics.add(Metric.of("data.rows", result.rows()));
        metrics.add(Metric.of("data.train_rows", result.trainRows()));
        metrics.add(Metric.of("data.holdout_rows", result.holdoutRows()));
        result.seconds().forEach((phase, s) -> metrics.add(Metric.of("seconds." + phase, s)));
        return metrics;
    }

    /** The resolved config as {@code section.key → value} params. */
    static Map<String, String> flatten(String yaml) {
        Map<String, String> params = new LinkedHashMap<>();
        try {
            flatten("", new YAMLMapper().readTree(yaml), params);
        } catch (IOException e) {
            throw TrainyardException.internal("cannot read the resolved config: " + e.getMessage(), e);
        }
        return params;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject() && node.size() > 0) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), out);
            }
        } else if (node.isArray() && node.size() > 0 && node.get(0).isObject()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "." + i, node.get(i), out);
            }
        } else if (!node.isNull()) {
            String value = node.isValueNode() ? node.asText() : node.toString();
            out.put(prefix, value.length() > MAX_PARAM ? value.substring(0, MAX_PARAM - 1) + "…" : value);
        }
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }
}
