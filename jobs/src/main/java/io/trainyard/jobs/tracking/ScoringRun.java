package io.trainyard.jobs.tracking;

import io.trainyard.common.ErrorCategory;
import io.trainyard.scoring.ScoreResult;
import io.trainyard.tracking.Metric;
import io.trainyard.tracking.RunTags;
import io.trainyard.tracking.TrackedRun;
import io.trainyard.tracking.TrackingClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One scoring run in MLflow, in the experiment {@code <model>-scoring}: what was scored with
 * which version as params, rows in and out, rejected rows, duration, throughput and the PSI of
 * every profiled feature as metrics. A run refused for drift is marked FAILED with the reason,
 * its drift metrics kept.
 */
public final class ScoringRun {
    private static final Logger LOG = LogManager.getLogger(ScoringRun.class);

    private final TrackingClient client;
    private final TrackedRun run;

    private ScoringRun(TrackingClient client, TrackedRun run) {
        this.client = client;
        this.run = run;
    }

    /** The experiment a model's scoring runs go to. */
    public static String experiment(String model) {
        return model + "-scoring";
    }

    public static ScoringRun start(TrackingClient client, String model, String jobId, Map<String, String> params,
                                   String inputFingerprint) {
        TrackedRun run = client.startRun(client.experimentId(experiment(model)), jobId, Map.of(
                "mlflow.source.name", "trainyard score", RunTags.USER, Provenance.user(),
                RunTags.DATA_FINGERPRINT, inputFingerprint));
        client.logParams(run.runId(), params);
        LOG.info("tracking scoring run {} in experiment '{}'", run.runId(), experiment(model));
        return new ScoringRun(client, run);
    }

    public String runId() {
        return run.runId();
    }

    /** Logs the outcome; a refused run is marked FAILED with the refusal. */
    public void finish(ScoreResult result) {
        client.logMetrics(run.runId(), metrics(result));
        if (result.published()) {
            client.setTags(run.runId(), RunOutcome.tags(0));
            client.finishRun(run.runId());
        } else {
            client.setTags(run.runId(), RunOutcome.tags(ErrorCategory.DATA.exitCode()));
            client.failRun(run.runId(), result.refusal());
        }
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

    static List<Metric> metrics(ScoreResult r) {
        List<Metric> metrics = new ArrayList<>();
        metrics.add(Metric.of("rows_in", r.rowsIn()));
        metrics.add(Metric.of("rows_out", r.rows()));
        metrics.add(Metric.of("rejected_rows", r.rejectedRows()));
        metrics.add(Metric.of("seconds", r.seconds()));
        metrics.add(Metric.of("rows_per_second", r.rowsPerSecond()));
        r.missing().forEach((column, count) -> metrics.add(Metric.of("missing." + key(column), count)));
        r.unseen().forEach((column, count) -> metrics.add(Metric.of("unseen." + key(column), count)));
        if (r.drift() != null) {
            r.drift().psi().forEach((feature, psi) -> metrics.add(Metric.of("drift.psi." + key(feature), psi)));
            metrics.add(Metric.of("drift.psi_max", r.drift().max()));
        }
        return metrics;
    }

    /** MLflow keys allow letters, digits, _ - . / and space. */
    private static String key(String name) {
        return name.replaceAll("[^A-Za-z0-9_\\-./ ]", "_");
    }
}
