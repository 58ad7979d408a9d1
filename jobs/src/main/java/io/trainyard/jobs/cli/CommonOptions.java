package io.trainyard.jobs.cli;

import picocli.CommandLine.Option;

/** Options every job command takes. */
public final class CommonOptions {
    @Option(names = "--json", description = "Print one line of JSON with the outcome on stdout (for Airflow's XCom),"
            + " instead of the human summary.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Debug logging, Spark's INFO logs, and stack traces on errors.")
    boolean verbose;

    @Option(names = "--log-format", paramLabel = "text|json",
            description = "Logs on stderr as text (default) or one ECS JSON object per line (default: $TRAINYARD_LOG_FORMAT).")
    String logFormat;

    @Option(names = "--pushgateway", paramLabel = "HOST:PORT",
            description = "Push the job's metrics (duration, rows, exit code, …) to this Prometheus Pushgateway"
                    + " (default: $TRAINYARD_PUSHGATEWAY).")
    String pushgateway;

    @Option(names = "--outcome-file", paramLabel = "PATH",
            description = {"Also write how the command ended (exit code, category, the --json summary or the error) as",
                "JSON to PATH, local or on HDFS/S3: where a scheduler reads it after spark-submit --deploy-mode",
                "cluster, whose exit code and stdout stay on the cluster (default: $TRAINYARD_OUTCOME_FILE)."})
    String outcomeFile;

    @Option(names = "--no-progress", description = "No progress line on the terminal (it is off anyway when stderr"
            + " is not a terminal, and with --json).")
    boolean noProgress;
}
