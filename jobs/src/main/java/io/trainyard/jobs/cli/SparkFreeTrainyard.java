package io.trainyard.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The command line when Spark is not on the classpath ({@code java -cp trainyard.jar …}): only the
 * commands that never touch Spark, so picocli never loads a class that refers to it.
 */
@Command(name = "trainyard", mixinStandardHelpOptions = true, versionProvider = SparkFreeTrainyard.Version.class,
        subcommands = {ServeCommand.class, CommandLine.HelpCommand.class},
        description = {"Spark is not on the classpath: only 'serve' runs here.",
            "The other commands run through scripts/trainyard or spark-submit."})
public final class SparkFreeTrainyard implements Runnable {
    /** The commands this command line offers. */
    public static final java.util.Set<String> COMMANDS = java.util.Set.of("serve", "help");

    @Spec
    CommandSpec spec;

    /** The version without Spark's, which is not there to ask. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"trainyard " + Versions.trainyard(),
                "Java " + System.getProperty("java.version") + ", Spark not on the classpath"};
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: use serve");
    }

    public static CommandLine commandLine() {
        return HelpOptions.addBelow(new CommandLine(new SparkFreeTrainyard()).setExecutionExceptionHandler(new Errors()));
    }
}
