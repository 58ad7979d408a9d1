package io.trainyard.jobs.cli;

import io.trainyard.jobs.config.ConfigLoader;
import io.trainyard.jobs.config.TrainConfig;
import io.trainyard.training.TrainRequest;
import io.trainyard.training.TrainResult;
import io.trainyard.training.Trainer;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", sortOptions = false,
        description = {"Cross-validate the configured model families on the training split, refit the best on it,",
            "evaluate it once on the holdout, and write a model bundle (model/) and the holdout rows (holdout/)",
            "into output.dir."},
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

    @Override
    int run() {
        List<String> sets = new ArrayList<>(overrides);
        if (output != null) {
            sets.add("output.dir=" + output);
        }
        printJson(Summaries.trainJson(train(config, sets)));
        return 0;
    }

    /** Loads the config, trains, prints the human summary unless --json; shared with demo. */
    TrainResult train(Path configFile, List<String> sets) {
        ConfigLoader.Loaded loaded = ConfigLoader.load(configFile, sets);
        TrainConfig config = loaded.config();
        LOG.info("config {} (sha256 {}):\n{}", configFile, loaded.hash().substring(0, 12), loaded.resolvedYaml());
        SparkSession spark = SparkSessions.create("train " + config.name(), config.spark());
        TrainRequest request = new TrainRequest(config.name(), config.dataset(), config.split(), config.cv(),
                config.models(), Paths.get(config.output().dir()), loaded.resolvedYaml(), loaded.hash(),
                Versions.trainyard(), config.threshold());
        TrainResult result = new Trainer(spark).train(request);
        if (!json()) {
            Summaries.train(out(), result, config.data().path());
        }
        return result;
    }
}
