package io.trainyard.jobs.cli;

import io.trainyard.common.ErrorCategory;
import io.trainyard.common.TrainyardException;
import io.trainyard.jobs.config.SparkSpec;
import io.trainyard.jobs.tracking.Aliases;
import io.trainyard.jobs.tracking.ModelStore;
import io.trainyard.jobs.tracking.Provenance;
import io.trainyard.jobs.tracking.TrackingSession;
import io.trainyard.serving.bundle.ModelBundle;
import io.trainyard.tracking.registry.AuditEntry;
import io.trainyard.tracking.registry.ModelRegistry;
import io.trainyard.tracking.registry.ModelVersion;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "rollback", sortOptions = false,
        description = {"Move 'champion' back to 'previous' (or to --to N), after checking that the target version's",
            "bundle still downloads, verifies and loads. 'previous' then points to the replaced champion, so a",
            "second rollback undoes the first. The move is compare-and-set and audited in the model's history."},
        footer = {"", "Examples:", "  trainyard rollback --model churn --reason \"drift alert\"",
            "  trainyard rollback --model churn --to 3"})
final class RollbackCommand extends JobCommand {
    @Option(names = "--model", required = true, paramLabel = "NAME", description = "The registered model.")
    String model;

    @Option(names = "--to", paramLabel = "N", description = "The version to return to (default: 'previous').")
    String to;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "rollback", description = "Recorded in the history.")
    String reason;

    @Mixin
    TrackingOptions tracking = new TrackingOptions();

    @Override
    int run() {
        try (TrackingSession session = TrackingSession.openExisting(tracking.uri, tracking.store, System.getenv())) {
            ModelRegistry registry = session.client().registry();
            ModelVersion champion = registry.requireAlias(model, Aliases.CHAMPION);
            ModelVersion target = to != null ? registry.version(model, to)
                    : registry.alias(model, Aliases.PREVIOUS).orElseThrow(() -> TrainyardException.usage(
                            "Model '" + model + "' has no 'previous' version to roll back to; pass --to <version>"));
            if (target.version().equals(champion.version())) {
                throw TrainyardException.usage("Version " + target.version() + " of '" + model
                        + "' is already the champion; pass --to another version");
            }
            checkLoads(session, target);
            String user = Provenance.user();
            registry.moveAlias(model, Aliases.CHAMPION, Optional.of(champion.version()), target.version(),
                    AuditEntry.of(user, "rollback: " + reason, Map.of()));
            Optional<String> previous = registry.alias(model, Aliases.PREVIOUS).map(ModelVersion::version);
            registry.moveAlias(model, Aliases.PREVIOUS, previous, champion.version(),
                    AuditEntry.of(user, "rolled back from version " + champion.version() + ": " + reason, Map.of()));
            if (!json()) {
                out().printf(Locale.ROOT, "trainyard rollback: %s champion %s -> %s (previous is now %s)%n", model,
                        champion.version(), target.version(), champion.version());
                out().flush();
            }
            Map<String, Object> summary = Summaries.ok("rollback");
            summary.put("model", model);
            summary.put("champion", target.version());
            summary.put("previous", champion.version());
            printJson(summary);
        }
        return 0;
    }

    /** A version whose bundle is gone, corrupt or unloadable must never become champion. */
    private static void checkLoads(TrackingSession session, ModelVersion target) {
        try {
            ModelBundle bundle = ModelStore.fetch(session.client(), target, System.getenv());
            SparkSessions.create("rollback " + target.name(), SparkSpec.defaults());
            PipelineModel.load(bundle.sparkModelDir().toString());
        } catch (RuntimeException e) {
            String why = e instanceof TrainyardException known ? known.getMessage() : e.getClass().getSimpleName()
                    + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new TrainyardException(ErrorCategory.DATA, "Version " + target.version() + " of '" + target.name()
                    + "' no longer loads (" + why + "); the champion is unchanged. Pass --to another version", e);
        }
    }
}
