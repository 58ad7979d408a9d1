package io.trainyard.jobs.cli;

import io.trainyard.common.TrainyardException;
import io.trainyard.features.spec.DataSource;
import io.trainyard.scoring.ScoreResult;
import io.trainyard.jobs.tracking.Aliases;
import io.trainyard.jobs.tracking.ModelStore;
import io.trainyard.jobs.tracking.TrackingSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", sortOptions = false,
        description = {"The churn example end to end on the embedded defaults: train on data/samples/mlc_churn.csv",
            "(k-fold CV of logistic regression and XGBoost), evaluate on the holdout, write the bundle, log the run",
            "and register the model in the embedded MLflow-compatible server (store: <output>/mlruns), promote it",
            "through the gates (ONNX export with Spark-vs-ONNX parity included), score the holdout rows with",
            "churn@champion into stamped Parquet, and send a few rows through the HTTP serving adapter.",
            "Needs nothing but this repository."},
        footer = {"", "Example:", "  scripts/trainyard demo --output out/demo"})
final class DemoCommand extends JobCommand {
    @Option(names = "--output", paramLabel = "DIR", defaultValue = "out/demo",
            description = "Where the demo writes model/, holdout/, scores/ and mlruns/ (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a key of conf/churn.yaml. Repeatable.")
    List<String> overrides = new ArrayList<>();

    @Mixin
    TrackingOptions tracking = new TrackingOptions();

    @Override
    int run() {
        Path home = home();
        Path config = home.resolve("conf/churn.yaml");
        Path data = home.resolve("data/samples/mlc_churn.csv");
        if (!Files.isRegularFile(config) || !Files.isRegularFile(data)) {
            throw TrainyardException.usage("demo needs conf/churn.yaml and data/samples/mlc_churn.csv of a trainyard"
                    + " checkout; run it from the repository root or set TRAINYARD_HOME (scripts/trainyard does)");
        }
        List<String> sets = new ArrayList<>();
        sets.add("data.path=" + data.toAbsolutePath().normalize());
        sets.add("output.dir=" + output);
        sets.addAll(overrides);

        try (TrackingSession session = TrackingSession.open(tracking.uri,
                tracking.store != null ? tracking.store : output.resolve("mlruns"), System.getenv())) {
            return demo(session, config, sets);
        }
    }

    private int demo(TrackingSession session, Path config, List<String> sets) {
        TrainCommand train = new TrainCommand();
        train.common = common;
        train.spec = spec;
        TrainCommand.Trained trained = train.train(config, sets, session);
        String name = trained.result().name();
        blankLine();

        PromoteCommand promote = new PromoteCommand();
        promote.common = common;
        promote.spec = spec;
        Map<String, Object> promoted = promote.promote(session, name, trained.registered().version(), null, "demo");
        blankLine();

        ScoreCommand score = new ScoreCommand();
        score.common = common;
        score.spec = spec;
        score.show = 5;
        String scores = output.resolve("scores").toString();
        String ref = name + "@" + Aliases.CHAMPION;
        ModelStore.Resolved champion = ModelStore.registry(session.client(), ref, System.getenv());
        ScoreResult scored = score.score(champion,
                DataSource.of(trained.result().holdoutDir().toString(), DataSource.PARQUET), scores, session);
        Optional<ServingCheck> serving = ServingCheck.run(SparkSession.active(), champion.bundle(),
                trained.result().holdoutDir().toString(), scores, 5);
        if (!json()) {
            serving.ifPresent(check -> out().printf(Locale.ROOT, "%ntrainyard serving check: %d held-out rows as"
                    + " instances to POST /v1/models/%s/predict on a loopback port (ONNX Runtime, no Spark):"
                    + " max |p_http - p_spark| = %.2g%n",
                    check.instances(), champion.name(), check.maxAbsDiff()));
        }

        if (json()) {
            Map<String, Object> summary = Summaries.ok("demo");
            summary.put("train", Summaries.trainJson(trained.result(), trained.registered(), session.describe()));
            summary.put("promote", promoted);
            summary.put("score", Summaries.scoreJson(scored));
            serving.ifPresent(check -> summary.put("serving_check", Map.of("instances", check.instances(),
                    "max_abs_diff", check.maxAbsDiff())));
            printJson(summary);
        } else {
            Path bundle = trained.result().bundleDir();
            String store = session.embeddedStore().map(s -> " --store " + s).orElse("");
            out().println();
            out().println("Next:");
            out().printf("  scripts/trainyard models show %s%s%n", name, store);
            out().printf("  scripts/trainyard models history %s%s%n", name, store);
            out().printf("  scripts/trainyard score --model %s --input %s --output %s%s%n", ref,
                    trained.result().holdoutDir(), scores, store);
            out().printf("  scripts/trainyard export --model %s/%s --format onnx%s%n", name,
                    trained.registered().version(), store);
            out().printf("  scripts/trainyard rollback --model %s%s   (after a second demo run)%n", name, store);
            out().printf("  plots: %s/plots/roc.png, pr.png, calibration.png; all metrics: %s/metrics.json%n",
                    bundle, bundle);
            out().flush();
        }
        return 0;
    }

    private void blankLine() {
        if (!json()) {
            out().println();
        }
    }

    /** TRAINYARD_HOME, else the current folder or the nearest parent holding conf/churn.yaml. */
    static Path home() {
        String env = System.getenv("TRAINYARD_HOME");
        if (env != null && !env.isBlank()) {
            return Paths.get(env);
        }
        Path cwd = Paths.get("").toAbsolutePath();
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("conf/churn.yaml"))) {
                return dir;
            }
        }
        return cwd;
    }
}
