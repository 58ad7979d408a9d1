package io.trainyard.jobs.cli;

import io.trainyard.common.ErrorCategory;
import io.trainyard.common.TrainyardException;
import io.trainyard.jobs.tracking.PendingRegistration;
import io.trainyard.jobs.tracking.TrackingSession;
import io.trainyard.jobs.tracking.TrainingRun;
import io.trainyard.tracking.TrackedRun;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "register", sortOptions = false,
        description = {"Finish the registration of a train whose tracking server went away after training: send the",
            "metrics, upload the bundle, create the model version and move 'challenger', from the",
            "pending-registration.json that train left in its output.dir. Safe to repeat."},
        footer = {"", "Example:", "  trainyard register --resume out/churn --tracking-uri http://mlflow:5000"})
final class RegisterCommand extends JobCommand {
    @Option(names = "--resume", required = true, paramLabel = "DIR",
            description = "The output.dir of the interrupted train (or its pending-registration.json).")
    Path resume;

    @Mixin
    TrackingOptions tracking = new TrackingOptions();

    @Override
    int run() {
        PendingRegistration pending = PendingRegistration.read(resume);
        Path outputDir = resume.toFile().isDirectory() ? resume : resume.toAbsolutePath().getParent();
        try (TrackingSession session = TrackingSession.open(tracking.uri, tracking.store, System.getenv())) {
            TrackedRun run = requireRun(session, pending);
            TrainingRun.Registered registered = TrainCommand.register(session, pending, outputDir);
            if (!json()) {
                out().printf(Locale.ROOT, "trainyard register: run %s (was %s) completed%n", run.runId(),
                        run.status());
                Summaries.registered(out(), pending.model(), registered, session.describe());
            }
            Map<String, Object> summary = Summaries.ok("register");
            summary.put("model", pending.model());
            summary.put("version", registered.version());
            summary.put("alias", "challenger");
            summary.put("run_id", registered.runId());
            summary.put("tracking", session.describe());
            printJson(summary);
        }
        return 0;
    }

    private static TrackedRun requireRun(TrackingSession session, PendingRegistration pending) {
        try {
            return session.client().run(pending.runId());
        } catch (TrainyardException e) {
            if (e.category() != ErrorCategory.USAGE) {
                throw e;
            }
            throw TrainyardException.usage("Run " + pending.runId() + " is not on " + session.describe()
                    + "; register against the server the run was started on (" + pending.trackingUri()
                    + ", or its store) with --tracking-uri or --store.");
        }
    }

    /** The tracking flags that reach the same server again, for messages that tell how to resume. */
    static String trackingHint(TrackingSession session) {
        return session.embeddedStore().map(store -> " --store " + store)
                .orElse(" --tracking-uri " + session.uri());
    }
}
