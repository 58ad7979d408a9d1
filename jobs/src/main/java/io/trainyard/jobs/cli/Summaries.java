package io.trainyard.jobs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.features.spec.Task;
import io.trainyard.jobs.tracking.TrainingRun;
import io.trainyard.scoring.ScoreResult;
import io.trainyard.training.TrainResult;
import io.trainyard.training.cv.CrossValidation;
import io.trainyard.training.metrics.BinaryScores;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The short human summaries and the one-line JSON of each job. */
final class Summaries {
    /** snake_case for records (parity reports); map keys are written as given. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);

    private Summaries() {
    }

    static String json(Map<String, Object> summary) {
        try {
            return JSON.writeValueAsString(summary);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void train(PrintWriter out, TrainResult r, String dataPath) {
        CrossValidation.Result cv = r.cv();
        String metric = cv.metric().key();
        out.printf(Locale.ROOT, "trainyard train: %s (%s)%n", r.name(), r.task().key());
        out.printf(Locale.ROOT, "  data       %s: %d rows (%d train, %d holdout)%s%n", dataPath, r.rows(), r.trainRows(),
                r.holdoutRows(), r.holdout() instanceof BinaryScores h ? String.format(Locale.ROOT,
                        ", %d positive in holdout (%.1f%%)", h.positives(), 100.0 * h.positives() / h.rows()) : "");
        out.printf(Locale.ROOT, "  search     %d folds x %d candidates in %.1f s, selected on %s (mean ± std over folds)%n",
                cv.best().folds().size(), cv.candidates().size(), cv.seconds(), metric);
        for (CrossValidation.CandidateResult c : cv.candidates()) {
            out.printf(Locale.ROOT, "  %s %-20s %s %.4f ± %.4f  %s%n", c == cv.best() ? "*" : " ",
                    c.candidate().family(), metric, c.mean(), c.std(), c.candidate().params());
        }
        if (!cv.baseline().isEmpty()) {
            out.printf(Locale.ROOT, "    %-20s %s %.4f (seasonal naive, same folds)%n", "baseline", metric,
                    cv.baseline().stream().mapToDouble(s -> s.get(cv.metric())).average().orElse(Double.NaN));
        }
        out.printf(Locale.ROOT, "  best       %s %s%n", cv.best().candidate().family(), cv.best().candidate().params());
        out.printf(Locale.ROOT, "  holdout    %s%n", formatted(r.holdout().asMap()));
        if (r.holdout() instanceof BinaryScores h) {
            out.printf(Locale.ROOT, "             (precision, recall, f1 at threshold 0.5; tp %d fp %d tn %d fn %d)%n",
                    h.confusion().get("tp"), h.confusion().get("fp"), h.confusion().get("tn"), h.confusion().get("fn"));
        }
        if (r.threshold() != null) {
            out.printf(Locale.ROOT, "  threshold  %.4f chosen on validation folds for %s >= %.2f: holdout precision %.4f"
                    + " recall %.4f%n", r.threshold().threshold(), r.threshold().target(), r.threshold().goal(),
                    r.threshold().holdoutPrecision(), r.threshold().holdoutRecall());
        }
        if (r.baseline() != null) {
            out.printf(Locale.ROOT, "  baseline   %s (%s)%n", formatted(r.baseline().asMap()),
                    r.task() == Task.RECOMMENDATION ? "training mean rating and most popular items, same held-out users"
                            : "seasonal naive, same holdout rows");
        }
        out.printf(Locale.ROOT, "  bundle     %s (id %s): sparkml/, signature.json, metrics.json, plots/*.png%n",
                r.bundleDir(), r.bundleId());
        out.printf(Locale.ROOT, "  holdout    %s (Parquet)%n", r.holdoutDir());
        out.printf(Locale.ROOT, "  time       %.1f s (%s)%n", r.seconds().get("total"), r.seconds());
        out.flush();
    }

    private static String formatted(Map<String, Double> metrics) {
        StringBuilder line = new StringBuilder();
        metrics.forEach((k, v) -> line.append(line.length() == 0 ? "" : "  ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.4f", v)));
        return line.toString();
    }

    /** The head of every successful command's JSON line. */
    static Map<String, Object> ok(String command) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("command", command);
        summary.put("status", "ok");
        summary.put("exit_code", 0);
        return summary;
    }

    static void registered(PrintWriter out, String model, TrainingRun.Registered registered, String tracking) {
        out.printf(Locale.ROOT, "  registry   %s version %s, alias challenger%s; run %s on %s%n", model,
                registered.version(), registered.previousChallenger().map(v -> " (was version " + v + ")").orElse(""),
                registered.runId(), tracking);
        out.flush();
    }

    static Map<String, Object> trainJson(TrainResult r, TrainingRun.Registered registered, String tracking) {
        Map<String, Object> summary = ok("train");
        summary.put("model", r.name());
        summary.put("version", registered.version());
        summary.put("alias", "challenger");
        summary.put("run_id", registered.runId());
        summary.put("tracking", tracking);
        summary.put("bundle", r.bundleDir().toString());
        summary.put("bundle_id", r.bundleId());
        summary.put("holdout_path", r.holdoutDir().toString());
        summary.put("rows", r.rows());
        Map<String, Object> best = new LinkedHashMap<>();
        best.put("family", r.cv().best().candidate().family());
        best.put("params", r.cv().best().candidate().params());
        best.put("cv_metric", r.cv().metric().key());
        best.put("cv_mean", r.cv().best().mean());
        best.put("cv_std", r.cv().best().std());
        summary.put("best", best);
        summary.put("task", r.task().key());
        summary.put("holdout", r.holdout().asMap());
        if (r.baseline() != null) {
            summary.put("baseline", r.baseline().asMap());
        }
        if (r.threshold() != null) {
            summary.put("threshold", r.threshold().threshold());
        }
        summary.put("seconds", r.seconds().get("total"));
        return summary;
    }

    static void score(PrintWriter out, ScoreResult r, String input, List<String> sample) {
        out.printf(Locale.ROOT, "trainyard score: %s version %s%s%n", r.modelName(), r.modelVersion(),
                r.alias() == null ? "" : " (@" + r.alias() + ")");
        out.printf(Locale.ROOT, "  input      %s: %d rows (fingerprint %s)%n", input, r.rowsIn(), r.inputFingerprint());
        if (!r.missing().isEmpty() || !r.unseen().isEmpty() || r.rejectedRows() > 0) {
            out.printf(Locale.ROOT, "  invalid    missing %s, unseen categories %s; %d rows rejected%n", r.missing(),
                    r.unseen(), r.rejectedRows());
        }
        if (r.drift() != null) {
            out.printf(Locale.ROOT, "  drift      max PSI %.3f (%s)%n", r.drift().max(),
                    r.drift().exceeding(0.1).isEmpty() ? "every feature below 0.1"
                            : String.join(", ", r.drift().exceeding(0.1)));
        } else {
            out.println("  drift      not checked: the bundle has no drift profile");
        }
        out.printf(Locale.ROOT, "  output     %s: %d rows, stamped scored_at %s, job %s%n", r.output(), r.rows(),
                r.scoredAt(), r.jobId());
        out.printf(Locale.ROOT, "  time       %.1f s (%.0f rows/s)%n", r.seconds(), r.rowsPerSecond());
        if (!sample.isEmpty()) {
            out.println("  first rows");
            sample.forEach(line -> out.println("    " + line));
        }
        out.flush();
    }

    static Map<String, Object> scoreJson(ScoreResult r) {
        Map<String, Object> summary = ok("score");
        summary.put("model", r.modelName());
        summary.put("model_version", r.modelVersion());
        summary.put("model_alias", r.alias());
        summary.put("run_id", r.runId());
        summary.put("output", r.output());
        summary.put("partition", r.partition());
        summary.put("rows_in", r.rowsIn());
        summary.put("rows", r.rows());
        summary.put("rejected_rows", r.rejectedRows());
        summary.put("missing", r.missing());
        summary.put("unseen", r.unseen());
        summary.put("drift", r.drift() == null ? null : r.drift().psi());
        summary.put("drift_max", r.drift() == null ? null : r.drift().max());
        summary.put("input_fingerprint", r.inputFingerprint());
        summary.put("scored_at", r.scoredAt());
        summary.put("job_id", r.jobId());
        summary.put("seconds", r.seconds());
        summary.put("rows_per_second", r.rowsPerSecond());
        return summary;
    }
}
