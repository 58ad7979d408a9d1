package io.trainyard.jobs.cli;

import io.trainyard.common.ErrorCategory;
import io.trainyard.common.TrainyardException;
import io.trainyard.jobs.config.SparkSpec;
import io.trainyard.jobs.ops.JobContext;
import io.trainyard.jobs.tracking.Aliases;
import io.trainyard.jobs.tracking.Exports;
import io.trainyard.jobs.tracking.HoldoutEvaluation;
import io.trainyard.jobs.tracking.ModelStore;
import io.trainyard.jobs.tracking.Provenance;
import io.trainyard.jobs.tracking.TrackingSession;
import io.trainyard.serving.bundle.ModelBundle;
import io.trainyard.tracking.registry.AuditEntry;
import io.trainyard.tracking.registry.ModelRegistry;
import io.trainyard.tracking.registry.ModelVersion;
import io.trainyard.training.promotion.Gates;
import io.trainyard.training.spec.PromotionSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "promote", sortOptions = false,
        description = {"Score the challenger and the champion on the same holdout rows and, if the challenger passes",
            "the config's promotion gates (absolute floor, minimum gain over the champion), move 'champion' to it",
            "and 'previous' to the old champion. Alias moves are compare-and-set and audited in the model's history.",
            "A refused promotion exits 5 and names the gate with the numbers."},
        footer = {"", "Example:", "  trainyard promote --model churn --reason \"weekly retrain\""})
final class PromoteCommand extends JobCommand {
    @Option(names = "--model", required = true, paramLabel = "NAME", description = "The registered model.")
    String model;

    @Option(names = "--version", paramLabel = "N", description = "The version to promote (default: the challenger).")
    String version;

    @Option(names = "--data", paramLabel = "PATH",
            description = "Evaluate on this data instead of the path the challenger trained on (same holdout hash).")
    String data;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "promote", description = "Recorded in the history.")
    String reason;

    @Mixin
    TrackingOptions tracking = new TrackingOptions();

    @Override
    int run() {
        try (TrackingSession session = TrackingSession.openExisting(tracking.uri, tracking.store, System.getenv())) {
            Map<String, Object> summary = promote(session, model, version, data, reason);
            printJson(summary);
        }
        return 0;
    }

    Map<String, Object> promote(TrackingSession session, String name, String candidateVersion, String dataPath,
                                String why) {
        JobContext.model(name);
        ModelRegistry registry = session.client().registry();
        ModelVersion candidate = candidateVersion != null ? registry.version(name, candidateVersion)
                : registry.requireAlias(name, Aliases.CHALLENGER);
        Optional<ModelVersion> champion = registry.alias(name, Aliases.CHAMPION);
        if (champion.isPresent() && champion.get().version().equals(candidate.version())) {
            throw TrainyardException.usage("Version " + candidate.version() + " of '" + name
                    + "' is already the champion; train a new challenger first");
        }
        ModelBundle candidateBundle = ModelStore.fetch(session.client(), candidate, System.getenv());
        SparkSession spark = SparkSessions.create("promote " + name, SparkSpec.defaults());
        HoldoutEvaluation holdout = HoldoutEvaluation.of(spark, candidateBundle, dataPath);
        PromotionSpec spec;
        double challengerScore;
        OptionalDouble championScore = OptionalDouble.empty();
        try {
            spec = holdout.config().promotion().withDefaultMetric(holdout.config().cv().selectionMetric());
            challengerScore = holdout.score(candidateBundle).get(spec.selectionMetric());
            if (champion.isPresent()) {
                ModelBundle championBundle = ModelStore.fetch(session.client(), champion.get(), System.getenv());
                championScore = OptionalDouble.of(holdout.score(championBundle).get(spec.selectionMetric()));
            }
        } finally {
            holdout.release();
        }
        JobContext.label("model_version", candidate.version());
        JobContext.current().metrics().set("promote_challenger_score", "Challenger's holdout " + spec.selectionMetric()
                .key(), challengerScore);
        championScore.ifPresent(score -> JobContext.current().metrics().set("promote_champion_score",
                "Champion's holdout " + spec.selectionMetric().key(), score));
        List<Gates.Result> gates = new ArrayList<>(Gates.evaluate(spec, challengerScore, championScore));
        String parity = candidate.tags().getOrDefault(Exports.PARITY_TAG, "none: no ONNX export");
        gates.add(new Gates.Result("parity", !parity.startsWith("failed"), "Spark vs ONNX " + parity));
        Map<String, String> described = Gates.describe(gates);
        if (!Gates.allPassed(gates)) {
            registry.setVersionTag(name, candidate.version(), "trainyard.promotion",
                    "refused " + Instant.now() + ": " + described);
            String failed = gates.stream().filter(g -> !g.passed()).map(g -> "gate " + g.gate() + ": " + g.detail())
                    .collect(Collectors.joining("; "));
            throw new TrainyardException(ErrorCategory.GATE_REFUSED, "Promotion of " + name + " version "
                    + candidate.version() + " refused by " + failed + " (holdout of " + holdout.config().data().path()
                    + "); the champion stays " + champion.map(ModelVersion::version).orElse("unset"));
        }
        String user = Provenance.user();
        Optional<String> old = champion.map(ModelVersion::version);
        registry.moveAlias(name, Aliases.CHAMPION, old, candidate.version(), AuditEntry.of(user, why, described));
        if (old.isPresent()) {
            Optional<String> previous = registry.alias(name, Aliases.PREVIOUS).map(ModelVersion::version);
            registry.moveAlias(name, Aliases.PREVIOUS, previous, old.get(),
                    AuditEntry.of(user, "replaced by version " + candidate.version() + " (" + why + ")", Map.of()));
        }
        registry.setVersionTag(name, candidate.version(), "trainyard.promotion", "promoted " + Instant.now());
        if (!json()) {
            out().printf(Locale.ROOT, "trainyard promote: %s version %s is now champion (was %s)%n", name,
                    candidate.version(), old.orElse("unset"));
            described.forEach((gate, result) -> out().printf("  gate %-9s %s%n", gate, result));
            out().flush();
        }
        Map<String, Object> summary = Summaries.ok("promote");
        summary.put("model", name);
        summary.put("champion", candidate.version());
        summary.put("previous", old.orElse(null));
        summary.put("gates", described);
        return summary;
    }
}
