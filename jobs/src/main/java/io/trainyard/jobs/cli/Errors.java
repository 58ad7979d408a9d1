package io.trainyard.jobs.cli;

import io.trainyard.common.ErrorCategory;
import io.trainyard.common.TrainyardException;
import io.trainyard.jobs.ops.LogFormat;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception that reaches the command line into one line on stderr and the exit code of
 * its category (DESIGN.md); the stack trace only with {@code -v}; the JSON line with {@code --json}.
 */
final class Errors implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        TrainyardException known = find(ex);
        ErrorCategory category = known != null ? known.category() : ErrorCategory.INTERNAL;
        String message = known != null ? known.getMessage() : describe(ex);
        PrintWriter err = commandLine.getErr();
        Object command = commandLine.getCommand();
        boolean verbose = command instanceof JobCommand job && job.verbose();
        if (LogFormat.json()) {
            // one JSON object per line on stderr, the error included (with its stack trace under -v)
            LogManager.getLogger(Errors.class).error("trainyard " + commandLine.getCommandName() + ": " + message,
                    verbose ? ex : null);
        } else {
            err.println("trainyard " + commandLine.getCommandName() + ": " + message);
            if (verbose) {
                ex.printStackTrace(err);
            } else if (known == null) {
                err.println("(run again with -v for the stack trace)");
            }
            err.flush();
        }
        if (command instanceof JobCommand job) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("command", commandLine.getCommandName());
            summary.put("status", "error");
            summary.put("exit_code", category.exitCode());
            summary.put("category", category.name().toLowerCase(java.util.Locale.ROOT));
            summary.put("error", message);
            job.printJson(summary);
        }
        return category.exitCode();
    }

    /** Spark and Jackson wrap our exceptions; the first TrainyardException in the cause chain wins. */
    static TrainyardException find(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof TrainyardException known) {
                return known;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String describe(Throwable ex) {
        String message = ex.getMessage() == null ? "" : ex.getMessage().lines().findFirst().orElse("");
        return "unexpected " + ex.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
