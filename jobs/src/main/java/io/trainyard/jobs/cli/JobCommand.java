package io.trainyard.jobs.cli;

import io.trainyard.common.ErrorCategory;
import io.trainyard.common.TrainyardException;
import io.trainyard.jobs.ops.JobContext;
import io.trainyard.jobs.ops.LogFormat;
import io.trainyard.jobs.ops.Outcome;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A subcommand that runs a job: shared options, logging set-up, and its summary. */
abstract class JobCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common = new CommonOptions();

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        Outcome.begin(spec.name(), common.outcomeFile, System.getenv());
        LogFormat.apply(LogFormat.resolve(common.logFormat, System.getenv()));
        if (common.verbose) {
            Configurator.setLevel("io.trainyard", Level.DEBUG);
            Configurator.setLevel("org.apache.spark", Level.INFO);
        }
        JobContext context = JobContext.begin(spec.name(), JobContext.progressWanted(common.json, common.noProgress),
                System.getenv());
        long started = System.nanoTime();
        int code = ErrorCategory.INTERNAL.exitCode();
        try {
            code = run();
            return code;
        } catch (RuntimeException e) {
            TrainyardException known = Errors.find(e);
            code = (known != null ? known.category() : ErrorCategory.INTERNAL).exitCode();
            throw e;
        } finally {
            context.end(code, (System.nanoTime() - started) / 1e9,
                    common.pushgateway != null ? common.pushgateway : System.getenv("TRAINYARD_PUSHGATEWAY"));
        }
    }

    /** Does the work; returns 0, or throws a TrainyardException whose category sets the exit code. */
    abstract int run();

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    boolean json() {
        return common.json;
    }

    boolean verbose() {
        return common.verbose;
    }

    /** The one JSON line of --json, or nothing. */
    void printJson(Map<String, Object> summary) {
        Outcome.summary(summary);
        if (common.json) {
            out().println(Summaries.json(summary));
            out().flush();
        }
    }
}
