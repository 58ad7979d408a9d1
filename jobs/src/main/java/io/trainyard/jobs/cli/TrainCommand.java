package io.trainyard.jobs.cli;

import io.trainyard.common.ErrorCategory;
import io.trainyard.common.TrainyardException;
import io.trainyard.jobs.config.ConfigLoader;
import io.trainyard.jobs.config.Inputs;
import io.trainyard.jobs.config.OutputFolders;
import io.trainyard.jobs.config.StagedTraining;
import io.trainyard.jobs.config.TrainConfig;
import io.trainyard.jobs.ops.JobContext;
import io.trainyard.jobs.ops.JobMetrics;
import io.trainyard.jobs.tracking.ExportLint;
import io.trainyard.jobs.tracking.Exports;
import io.trainyard.jobs.tracking.PendingRegistration;
import io.trainyard.jobs.tracking.Provenance;
import io.trainyard.scoring.onnx.OnnxExport;
import io.trainyard.jobs.tracking.TrackingSession;
import io.trainyard.jobs.tracking.TrainingRun;
import io.trainyard.training.TrainRequest;
import io.trainyard.training.TrainResult;
import io.trainyard.training.Trainer;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", sortOptions = false,
        description = {"Cross-validate the configured model families on the training split, refit the best on it,",
            "evaluate it once on the holdout, and write a model bundle (model/) and the holdout rows (holdout/)",
            "into output.dir. The run is logged to MLflow (params, per-fold and holdout metrics, the bundle),",
            "registered as a new version of the model, and the alias 'challenger' moved to it."},
        footer = {"", "Example:", "  trainyard train --config conf/churn.yaml --set cv.folds=5 --set output.dir=out/churn"})
final class TrainCommand extends JobCommand {
    private static final Logger LOG = LogManager.getLogger(TrainCommand.class);

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The use case's YAML config.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a config key, e.g. cv.folds=5 or models[1].grid.max-depth=[3,5]. Repeatable.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--output", paramLabel = "DIR", description = "Same as --set output.dir=DIR.")
    String output;

    @Mixin
    TrackingOptions tracking = new TrackingOptions();

    @Override
    int run() {
        List<String> sets = new ArrayList<>(overrides);
        if (output != null) {
            sets.add("output.dir=" + output);
        }
        // config errors first: a bad config must not start (or create the store of) a tracking server
        TrainConfig checked = ConfigLoader.load(config, sets).config();
        Inputs.requireExists(checked.data().path(), "data.path in " + config);
        OutputFolders.forTraining(checked.output().dir());
        try (TrackingSession session = TrackingSession.open(tracking.uri, tracking.store, System.getenv())) {
            Trained trained = train(config, sets, session);
            printJson(Summaries.trainJson(trained.result(), trained.registered(), session.describe()));
        }
        return 0;
    }

    /**
     * A finished training and its registry entry.
     *
     * @param result the training result
     * @param registered the run and model version
     * @param onnx the ONNX export and its parity, when every stage converts
     */
    record Trained(TrainResult result, TrainingRun.Registered registered, Optional<OnnxExport.Result> onnx) {
    }

    /**
     * Loads the config, starts the tracking run, trains, registers the version as 'challenger',
     * and prints the human summary unless --json; shared with demo. A failure marks the run FAILED
     * and is rethrown.
     */
    Trained train(Path configFile, List<String> sets, TrackingSession session) {
        ConfigLoader.Loaded loaded = ConfigLoader.load(configFile, sets);
        TrainConfig config = loaded.config();
        LOG.info("config {} (sha256 {}):\n{}", configFile, loaded.hash().substring(0, 12), loaded.resolvedYaml());
        SparkSession spark = SparkSessions.create("train " + config.name(), config.spark());
        Map<String, String> tags = Provenance.tags(loaded.hash(), config.data().path(),
                spark.sparkContext().hadoopConfiguration(), Versions.trainyard(), DemoCommand.home());
        JobContext.model(config.name());
        TrainingRun run = TrainingRun.start(session.client(), config.name(), loaded.resolvedYaml(), tags);
        JobContext.label("run_id", run.runId());
        try (StagedTraining output = StagedTraining.begin(config.output().dir(), JobContext.current().jobId())) {
            TrainRequest request = new TrainRequest(config.name(), config.dataset(), config.split(), config.cv(),
                    config.models(), output.staging(), loaded.resolvedYaml(), loaded.hash(),
                    Versions.trainyard(), config.threshold(), run.runId());
            Trainer trainer = new Trainer(spark);
            if (config.export().onnxRequired()) {
                trainer.withPipelineCheck(new ExportLint());
            }
            TrainResult trained = trainer.train(request);
            Optional<OnnxExport.Result> onnx = export(config, trained, spark);
            TrainResult result = output.publish(onnx.map(o -> trained.withBundleId(o.bundleId())).orElse(trained));
            measure(result);
            TrainingRun.Registered registered = register(session, run.prepare(result, Provenance.user(),
                    onnx.map(o -> Exports.describe(o.parity()))), Paths.get(config.output().dir()));
            JobContext.label("model_version", registered.version());
            if (!json()) {
                Summaries.train(out(), result, config.data().path());
                onnx.ifPresent(o -> out().printf("  onnx       %s, parity %s%n",
                        result.bundleDir().resolve(trained.bundleDir().relativize(o.modelFile())),
                        Exports.describe(o.parity())));
                Summaries.registered(out(), config.name(), registered, session.describe());
            }
            return new Trained(result, registered, onnx);
        } catch (RuntimeException e) {
            // a lost server can take no FAILED status; register --resume finishes the run instead
            if (!(e instanceof TrainyardException known && known.category() == ErrorCategory.TRACKING_UNREACHABLE)) {
                run.fail(e);
            }
            throw e;
        }
    }

    private static void measure(TrainResult result) {
        JobMetrics metrics = JobContext.current().metrics();
        String metric = result.cv().metric().key();
        metrics.set("train_rows", "Rows of the data (training and holdout)", result.rows());
        metrics.set("train_cv_" + metric, "Mean CV " + metric + " of the best candidate", result.cv().best().mean());
        result.holdout().asMap().forEach((key, value) -> metrics.set("train_holdout_" + key,
                "Holdout " + key + " of the refit model", value));
    }

    /**
     * Sends a finished training to the tracking server through a journal on disk: if the server
     * is lost on the way, the bundle and the journal stay and the error says how to finish later.
     */
    static TrainingRun.Registered register(TrackingSession session, PendingRegistration pending, Path outputDir) {
        Path journal = pending.write(outputDir);
        try {
            TrainingRun.Registered registered = TrainingRun.complete(session.client(), pending);
            PendingRegistration.clear(outputDir);
            return registered;
        } catch (TrainyardException e) {
            if (e.category() != ErrorCategory.TRACKING_UNREACHABLE) {
                throw e;
            }
            throw new TrainyardException(ErrorCategory.TRACKING_UNREACHABLE, e.getMessage() + " The trained model is"
                    + " kept at " + pending.bundleDir() + " and what was not yet sent at " + journal + "; when the"
                    + " server is back, finish with: trainyard register --resume " + outputDir
                    + RegisterCommand.trackingHint(session), e);
        }
    }

    /** The ONNX export the config asks for: required, off, or (by default) when every stage converts. */
    private static Optional<OnnxExport.Result> export(TrainConfig config, TrainResult trained, SparkSession spark) {
        if (config.export().onnxDisabled()) {
            return Optional.empty();
        }
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> heldOut =
                spark.read().parquet(trained.holdoutDir().toString());
        if (config.export().onnxRequired()) {
            return Optional.of(OnnxExport.run(trained.bundleDir(), heldOut, Versions.trainyard()));
        }
        return Exports.exportIfSupported(trained.bundleDir(), heldOut, Versions.trainyard());
    }
}
