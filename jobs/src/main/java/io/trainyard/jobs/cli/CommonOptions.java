package io.trainyard.jobs.cli;

import picocli.CommandLine.Option;

/** Options every job command takes. */
public final class CommonOptions {
    @Option(names = "--json", description = "Print one line of JSON with the outcome on stdout (for Airflow's XCom),"
            + " instead of the human summary.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Debug logging, Spark's INFO logs, and stack traces on errors.")
    boolean verbose;
}
