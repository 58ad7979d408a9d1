package io.trainyard.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code -h, --help} on every command below the top one, so that {@code trainyard train --help}
 * shows the usage (not "Missing required option"). Added here rather than by inheriting picocli's
 * standard mixin: {@code promote} has a {@code --version} of its own, and {@code help} an {@code -h}.
 * Refers to no Spark class: the Spark-free command line uses it too.
 */
final class HelpOptions {
    private HelpOptions() {
    }

    static CommandLine addBelow(CommandLine parent) {
        for (CommandLine command : parent.getSubcommands().values()) {
            CommandSpec spec = command.getCommandSpec();
            if (spec.findOption("--help") == null && spec.findOption("-h") == null) {
                spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                        .description("Show this help message and exit.").build());
            }
            addBelow(command);
        }
        return parent;
    }
}
