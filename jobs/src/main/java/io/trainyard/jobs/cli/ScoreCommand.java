package io.trainyard.jobs.cli;

import io.trainyard.features.spec.DataSource;
import io.trainyard.scoring.ScoreJob;
import io.trainyard.scoring.ScoreRequest;
import io.trainyard.scoring.ScoreResult;
import io.trainyard.scoring.ScoringEngine;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import io.trainyard.jobs.config.SparkSpec;
import io.trainyard.jobs.ops.JobContext;
import io.trainyard.jobs.ops.JobMetrics;
import io.trainyard.jobs.tracking.ModelStore;
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
            "The model is resolved through the registry once, at the start. The output is",
            "written to a hidden staging folder and renamed into place; a re-run replaces it."},
        footer = {"", "Examples:", "  trainyard score --model churn@champion --input out/churn/holdout --output out/churn/scores",
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

    @Option(names = "--job-id", paramLabel = "ID", description = "Stamped on every row; generated when absent.")
    String jobId;

    @Option(names = "--show", paramLabel = "N", defaultValue = "5",
            description = "Rows of the output to print in the summary (default: ${DEFAULT-VALUE}).")
    int show;

    @Override
    int run() {
        DataSource source = DataSource.of(input, inputFormat);
        ScoreResult result;
        if (ModelStore.isFolder(model)) {
            result = score(ModelStore.folder(model), source, output);
        } else {
            try (TrackingSession session = TrackingSession.open(tracking.uri, tracking.store, System.getenv())) {
                result = score(ModelStore.registry(session.client(), model, System.getenv()), source, output);
            }
        }
        printJson(Summaries.scoreJson(result));
        return 0;
    }

    /** Scores and prints the human summary unless --json; shared with demo. */
    ScoreResult score(ModelStore.Resolved model, DataSource source, String outputDir) {
        ScoringEngine scoringEngine = ScoringEngine.of(engine == null ? "spark" : engine);
        SparkSession spark = SparkSessions.create("score", SparkSpec.defaults());
        String id = jobId != null ? jobId
                : "score-" + LocalDateTime.now().format(JOB_TIME) + "-" + UUID.randomUUID().toString().substring(0, 8);
        JobContext.label("job_id", id);
        JobContext.model(model.bundle().manifest().modelName());
        JobContext.label("model_version", model.version());
        ScoreResult result = new ScoreJob(spark, scoringEngine).run(new ScoreRequest(model.bundle().dir(), source,
                outputDir, id, model.version(), model.alias(), model.runId()));
        JobMetrics metrics = JobContext.current().metrics();
        metrics.set("score_rows", "Rows scored and published", result.rows());
        metrics.set("score_rows_per_second", "Scoring throughput", result.rows() / Math.max(result.seconds(), 1e-9));
        if (!json()) {
            List<String> sample = new ArrayList<>();
            if (show > 0) {
                Dataset<Row> written = spark.read().parquet(outputDir);
                sample.add(String.join(", ", written.columns()));
                for (Row row : written.limit(show).collectAsList()) {
                    sample.add(row.mkString(", "));
                }
            }
            Summaries.score(out(), result, source.path(), sample);
        }
        return result;
    }
}
