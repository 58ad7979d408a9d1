package io.trainyard.jobs.cli;

import io.trainyard.common.SafeNames;
import io.trainyard.common.TrainyardException;
import io.trainyard.features.load.DataFingerprint;
import io.trainyard.features.spec.DataSource;
import io.trainyard.scoring.InvalidRows;
import io.trainyard.scoring.ScoreJob;
import io.trainyard.scoring.ScoreRequest;
import io.trainyard.scoring.ScoreResult;
import io.trainyard.scoring.OnnxEngine;
import io.trainyard.serving.bundle.Signature;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.trainyard.jobs.config.Inputs;
import io.trainyard.jobs.config.OutputFolders;
import io.trainyard.jobs.config.SparkSpec;
import io.trainyard.jobs.ops.JobContext;
import io.trainyard.jobs.ops.JobMetrics;
import io.trainyard.jobs.tracking.ModelStore;
import io.trainyard.jobs.tracking.ScoringRun;
import io.trainyard.jobs.tracking.TrackingSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "score", sortOptions = false,
        description = {"Score CSV or Parquet rows with a model bundle into stamped Parquet: id columns, prediction,",
            "probability of the positive class, model_name, model_version, model_alias, run_id, scored_at, job_id.",
            "The model is resolved through the registry once, at the start. The output (or its --partition) is",
            "written to a hidden staging folder and renamed into place with a _trainyard.json manifest; a re-run",
            "replaces it. Missing values, unseen categories and drift (PSI per feature) are counted in the same",
            "pass and logged to MLflow (experiment <model>-scoring)."},
        footer = {"", "Example:", "  trainyard score --model churn@champion --input out/churn/holdout --output out/churn/scores",
            "      --partition date=2026-11-25 --fail-on-drift 0.25 --json",
            "  trainyard score --model churn@champion --input in.parquet --output out/scores --engine onnx"})
final class ScoreCommand extends JobCommand {
    private static final DateTimeFormatter JOB_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "name@alias or name/version from the registry (churn@champion, churn/3), or a bundle folder.")
    String model;

    @Mixin
    TrackingOptions tracking = new TrackingOptions();

    @Option(names = "--input", required = true, paramLabel = "PATH", description = "A CSV or Parquet file, folder or glob.")
    String input;

    @Option(names = "--input-format", paramLabel = "csv|parquet",
            description = "Input format; by default from the extension (.csv, .csv.gz, .tsv: csv; else parquet).")
    String inputFormat;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "The output folder.")
    String output;

    @Option(names = "--engine", paramLabel = "spark|onnx", defaultValue = "spark",
            description = {"spark (default): the Spark pipeline; onnx: the bundle's exported ONNX graph in ONNX Runtime",
                "inside the Spark tasks (same columns and stamps; needs `trainyard export` first)."})
    String engine;

    @Option(names = "--partition", paramLabel = "KEY=VALUE",
            description = {"Write into DIR/KEY=VALUE (e.g. date=2026-11-25; several joined by '/') and replace only",
                "that partition; the other partitions are left as they are."})
    String partition;

    @Option(names = "--on-invalid", paramLabel = "keep|skip|error", defaultValue = "keep",
            description = {"Rows with a missing value, text in a numeric column or a category unseen in training:",
                "keep = score them as the model was trained to (imputed, unseen slot; text is still an error),",
                "skip = leave them out and count them as rejected, error = refuse the input (exit 3) before",
                "writing. Counted in every case (default: ${DEFAULT-VALUE})."})
    String onInvalid = InvalidRows.KEEP.key();

    @Option(names = "--fail-on-drift", paramLabel = "PSI",
            description = {"Publish nothing (exit 3) when any feature's population stability index against the",
                "bundle's training profile exceeds PSI (0.25 is the usual bound)."})
    Double failOnDrift;

    @Option(names = "--job-id", paramLabel = "ID", description = {"Stamped on every row (e.g. Airflow's {{ run_id }});"
            + " letters, digits and _ . ~ : + - (a ':' is written as %3A in folder names); generated when absent."})
    String jobId;

    @Option(names = "--show", paramLabel = "N", defaultValue = "5",
            description = "Rows of the output to print in the summary (default: ${DEFAULT-VALUE}).")
    int show;

    @Override
    int run() {
        // every check that needs no Spark and no tracking server, before either starts
        if (jobId != null) {
            SafeNames.jobId(jobId, "--job-id");
        }
        output = SafeNames.path(output);
        partition = SafeNames.path(partition);
        OutputFolders.refuseRootOrHome(output, "--output");
        Inputs.requireExists(input, "--input");
        DataSource source = DataSource.of(input, inputFormat);
        ScoreResult result;
        if (ModelStore.isFolder(model) && !trackingConfigured()) {
            result = score(ModelStore.folder(model), source, output, null);
        } else {
            try (TrackingSession session = TrackingSession.openExisting(tracking.uri, tracking.store, System.getenv())) {
                ModelStore.Resolved resolved = ModelStore.isFolder(model) ? ModelStore.folder(model)
                        : ModelStore.registry(session.client(), model, System.getenv());
                result = score(resolved, source, output, session);
            }
        }
        if (!result.published()) {
            throw TrainyardException.data(result.refusal());
        }
        printJson(Summaries.scoreJson(result));
        return 0;
    }

    /** How the user named the model: {@code churn@champion}, {@code churn/3} or the bundle folder. */
    private static String reference(ModelStore.Resolved model) {
        boolean folder = model.version() == null || model.version().equals(model.bundle().manifest().id());
        return model.alias() != null ? model.name() + "@" + model.alias()
                : folder ? model.bundle().dir().toString() : model.name() + "/" + model.version();
    }

    /** A bundle folder is scored without tracking unless a tracking server or store is named. */
    private boolean trackingConfigured() {
        return tracking.uri != null || tracking.store != null || System.getenv("MLFLOW_TRACKING_URI") != null;
    }

    /**
     * Scores, logs the run to MLflow when {@code session} is set, and prints the human summary
     * unless --json; shared with demo. A result refused for drift is returned, not thrown.
     */
    ScoreResult score(ModelStore.Resolved model, DataSource source, String outputDir, TrackingSession session) {
        if ("onnx".equalsIgnoreCase(engine)
                && Signature.TASK_RECOMMENDATION.equals(model.bundle().signature().task())) {
            throw TrainyardException.usage("--engine onnx scores classifiers and regressors; " + reference(model)
                    + " is a recommendation model, whose top-N lists bulk scoring computes with Spark (leaving out each"
                    + " user's history): drop --engine onnx (its ONNX graph serves single users online)");
        }
        SparkSession spark = SparkSessions.create("score", SparkSpec.defaults());
        String id = jobId != null ? jobId
                : "score-" + LocalDateTime.now().format(JOB_TIME) + "-" + UUID.randomUUID().toString().substring(0, 8);
        ScoreRequest request = new ScoreRequest(model.bundle().dir(), source, outputDir, id, model.version(),
                model.alias(), model.runId(), partition, InvalidRows.of(onInvalid), failOnDrift);
        ScoringRun run = session == null ? null : ScoringRun.start(session.client(), model.name(), id,
                params(request, model), DataFingerprint.of(source.path(), spark.sparkContext().hadoopConfiguration()));
        JobContext.label("job_id", id);
        JobContext.model(model.bundle().manifest().modelName());
        JobContext.label("model_version", model.version());
        ScoreResult result;
        try {
            result = new ScoreJob(spark, OnnxEngine.named(engine, reference(model))).run(request);
        } catch (RuntimeException e) {
            if (run != null) {
                run.fail(e);
            }
            throw e;
        }
        if (run != null) {
            run.finish(result);
        }
        JobMetrics metrics = JobContext.current().metrics();
        metrics.set("score_rows_in", "Input rows", result.rowsIn());
        metrics.set("score_rows", "Rows scored and published", result.rows());
        metrics.set("score_rows_rejected", "Rows left out as invalid (--on-invalid skip)", result.rejectedRows());
        metrics.set("score_rows_per_second", "Scoring throughput", result.rowsPerSecond());
        if (result.drift() != null) {
            result.drift().psi().forEach((feature, psi) -> metrics.set("score_psi_" + feature,
                    "Population stability index of feature " + feature, psi));
        }
        if (!json() && result.published()) {
            List<String> sample = new ArrayList<>();
            if (show > 0) {
                Dataset<Row> written = spark.read().parquet(result.output());
                sample.add(String.join(", ", written.columns()));
                for (Row row : written.limit(show).collectAsList()) {
                    sample.add(row.mkString(", "));
                }
            }
            Summaries.score(out(), result, source.path(), sample);
        }
        return result;
    }

    private static Map<String, String> params(ScoreRequest request, ModelStore.Resolved model) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("model", model.name());
        params.put("model_version", model.version());
        params.put("model_alias", String.valueOf(model.alias()));
        params.put("training_run_id", String.valueOf(model.runId()));
        params.put("input", request.input().path());
        params.put("output", request.output());
        params.put("partition", String.valueOf(request.partition()));
        params.put("on_invalid", request.onInvalid().key());
        params.put("fail_on_drift", String.valueOf(request.failOnDrift()));
        return params;
    }
}
