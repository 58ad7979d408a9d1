package io.trainyard.jobs.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "trainyard", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        subcommands = {DemoCommand.class, TrainCommand.class, PromoteCommand.class, RollbackCommand.class, ScoreCommand.class,
            ExportCommand.class, ServeCommand.class, RegisterCommand.class, ModelsCommand.class, InventoryCommand.class,
            TrackingServerCommand.class, SampleCommand.class, DoctorCommand.class, FeaturesCommand.class,
            CommandLine.HelpCommand.class},
        description = {"Batch training and scoring on Apache Spark.", "",
            "Start with 'trainyard demo'; 'trainyard help <command>' explains each command."},
        footer = {"", "Exit codes (schedulers branch on them):",
            "  0 done   2 usage or config error   3 data or schema error   4 tracking server unreachable",
            "  5 promotion refused by a gate   1 anything else"})
public final class Trainyard implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: use demo, train, promote,"
                + " rollback, score, export, serve, register, models, features, inventory, sample, tracking-server or doctor");
    }

    /** The configured command line, with our exit codes; tests call {@code execute} on it. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Trainyard())
                .setExecutionExceptionHandler(new Errors())
                .setCaseInsensitiveEnumValuesAllowed(true);
        HelpOptions.addBelow(commandLine);
        if (out != null) {
            commandLine.setOut(out);
        }
        if (err != null) {
            commandLine.setErr(err);
        }
        return commandLine;
    }
}
