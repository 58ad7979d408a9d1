package io.trainyard.jobs.cli;

import io.trainyard.common.TrainyardException;
import io.trainyard.features.spec.DataSource;
import io.trainyard.scoring.ScoreResult;
import io.trainyard.training.TrainResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", sortOptions = false,
        description = {"The churn example end to end on the embedded defaults: train on data/samples/mlc_churn.csv",
            "(k-fold CV of logistic regression and XGBoost), evaluate on the holdout, write the bundle, then score",
            "the holdout rows into stamped Parquet. Needs nothing but this repository."},
        footer = {"", "Example:", "  scripts/trainyard demo --output out/demo"})
final class DemoCommand extends JobCommand {
    @Option(names = "--output", paramLabel = "DIR", defaultValue = "out/demo",
            description = "Where the demo writes model/, holdout/ and scores/ (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a key of conf/churn.yaml. Repeatable.")
    List<String> overrides = new ArrayList<>();

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

        TrainCommand train = new TrainCommand();
        train.common = common;
        train.spec = spec;
        TrainResult trained = train.train(config, sets);
        if (!json()) {
            out().println();
        }

        ScoreCommand score = new ScoreCommand();
        score.common = common;
        score.spec = spec;
        score.show = 5;
        String scores = output.resolve("scores").toString();
        ScoreResult scored = score.score(trained.bundleDir(), DataSource.of(trained.holdoutDir().toString(),
                DataSource.PARQUET), scores);

        if (json()) {
            Map<String, Object> summary = Summaries.ok("demo");
            summary.put("train", Summaries.trainJson(trained));
            summary.put("score", Summaries.scoreJson(scored));
            printJson(summary);
        } else {
            out().println();
            out().println("Next:");
            out().printf("  scripts/trainyard train --config conf/churn.yaml%n");
            out().printf("  scripts/trainyard score --model %s --input %s --output %s%n", trained.bundleDir(),
                    trained.holdoutDir(), scores);
            out().printf("  plots: %s/plots/roc.png, pr.png, calibration.png; all metrics: %s/metrics.json%n",
                    trained.bundleDir(), trained.bundleDir());
            out().flush();
        }
        return 0;
    }

    /** TRAINYARD_HOME, else the current folder or the nearest parent holding conf/churn.yaml. */
    private static Path home() {
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
