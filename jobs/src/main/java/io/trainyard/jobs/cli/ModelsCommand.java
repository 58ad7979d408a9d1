package io.trainyard.jobs.cli;

import io.trainyard.jobs.tracking.TrackingSession;
import io.trainyard.tracking.registry.AuditEntry;
import io.trainyard.tracking.registry.ModelRegistry;
import io.trainyard.tracking.registry.ModelVersion;
import io.trainyard.tracking.registry.RegisteredModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "models", sortOptions = false,
        description = {"Look at the model registry: 'list' the models, 'show NAME' its versions and aliases,",
            "'history NAME' every alias move (who, when, from, to, why, gate results)."},
        footer = {"", "Examples:", "  trainyard models list", "  trainyard models show churn",
            "  trainyard models history churn --json"})
final class ModelsCommand extends JobCommand {
    @Parameters(index = "0", paramLabel = "list|show|history", description = "What to show.")
    Action action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "The model, for show and history.")
    String name;

    @Mixin
    TrackingOptions tracking = new TrackingOptions();

    enum Action { list, show, history }

    @Override
    int run() {
        if (action != Action.list && name == null) {
            throw io.trainyard.common.TrainyardException.usage("models " + action + " needs a model name, e.g. models "
                    + action + " churn");
        }
        try (TrackingSession session = TrackingSession.openExisting(tracking.uri, tracking.store, System.getenv())) {
            ModelRegistry registry = session.client().registry();
            Map<String, Object> summary = Summaries.ok("models " + action);
            switch (action) {
                case list -> summary.put("models", list(registry));
                case show -> summary.put("versions", show(registry));
                case history -> summary.put("history", history(registry));
                default -> throw new IllegalStateException();
            }
            printJson(summary);
        }
        return 0;
    }

    private List<Map<String, Object>> list(ModelRegistry registry) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String model : registry.modelNames()) {
            RegisteredModel registered = registry.model(model);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", model);
            row.put("aliases", registered.aliases());
            rows.add(row);
            human("%-24s %s%n", model, registered.aliases());
        }
        return rows;
    }

    private List<Map<String, Object>> show(ModelRegistry registry) {
        List<Map<String, Object>> rows = new ArrayList<>();
        human("%-8s %-22s %-22s %-12s %s%n", "version", "aliases", "created", "holdout auc", "run");
        for (ModelVersion version : registry.versions(name)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("version", version.version());
            row.put("aliases", version.aliases());
            row.put("created", Instant.ofEpochMilli(version.creationTimestamp()).toString());
            row.put("run_id", version.runId());
            row.put("source", version.source());
            row.put("tags", version.tags());
            rows.add(row);
            human("%-8s %-22s %-22s %-12s %s%n", version.version(), String.join(",", version.aliases()),
                    Instant.ofEpochMilli(version.creationTimestamp()).toString().substring(0, 19),
                    version.tags().getOrDefault("trainyard.holdout.auc", "-"), version.runId());
        }
        return rows;
    }

    private List<Map<String, Object>> history(ModelRegistry registry) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (AuditEntry e : registry.history(name)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("time", String.valueOf(e.time()));
            row.put("user", e.user());
            row.put("alias", e.alias());
            row.put("from_version", e.fromVersion());
            row.put("to_version", e.toVersion());
            row.put("reason", e.reason());
            row.put("gates", e.gateResults());
            rows.add(row);
            human("%s %-10s %-10s %4s -> %-4s %s %s%n", e.time(), e.user(), e.alias(),
                    e.fromVersion() == null ? "-" : e.fromVersion(), e.toVersion() == null ? "-" : e.toVersion(),
                    e.reason(), e.gateResults().isEmpty() ? "" : e.gateResults());
        }
        return rows;
    }

    private void human(String format, Object... args) {
        if (!json()) {
            out().printf(Locale.ROOT, format, args);
            out().flush();
        }
    }
}
