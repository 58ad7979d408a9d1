package io.trainyard.jobs;

import io.trainyard.common.ErrorCategory;
import io.trainyard.jobs.cli.SparkFreeTrainyard;
import io.trainyard.jobs.cli.SparkSessions;
import io.trainyard.jobs.ops.Outcome;
import io.trainyard.jobs.cli.Trainyard;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;

/** The only {@code main} of trainyard: {@code java -cp … io.trainyard.jobs.Main …} and {@code spark-submit … trainyard.jar …}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        useOurLoggingUnlessConfigured();
        int code;
        if (sparkOnClasspath()) {
            code = Trainyard.commandLine(null, null).execute(args);
        } else if (args.length > 0 && !args[0].startsWith("-") && !SparkFreeTrainyard.COMMANDS.contains(args[0])) {
            System.err.println("trainyard " + args[0] + ": needs Spark on the classpath; run it with scripts/trainyard"
                    + " or spark-submit (only 'serve' runs from the jar alone)");
            code = ErrorCategory.USAGE.exitCode();
        } else {
            code = SparkFreeTrainyard.commandLine().execute(args);
        }
        Outcome.write(code);
        if (clusterDeployMode()) {
            endOnTheCluster(code);
            return;
        }
        reportExitCode(code);
        System.exit(code);
    }

    /**
     * Whether this JVM is a driver that spark-submit started on the cluster ({@code --deploy-mode
     * cluster}: YARN's application master, or the standalone master's DriverWrapper), which passes
     * the submission's settings as system properties.
     */
    static boolean clusterDeployMode() {
        return "cluster".equals(System.getProperty("spark.submit.deployMode"));
    }

    /**
     * A driver on the cluster ends as its cluster manager expects: it stops Spark and returns from
     * {@code main} after a success, and throws after a failure; it never calls {@code System.exit},
     * which YARN takes for a driver that died early (it marks the application FAILED and runs it
     * again, even after exit 0). The exit code itself cannot reach the scheduler from there: it
     * reads the outcome file ({@code --outcome-file}) and the MLflow run's {@code trainyard.exit_code} tag.
     */
    static void endOnTheCluster(int code) {
        SparkSessions.stopAll();
        if (code != 0) {
            throw new IllegalStateException("trainyard ended with exit code " + code + " (" + Outcome.category(code)
                    + ")" + (Outcome.target() != null ? "; the outcome is in " + Outcome.target() : ""));
        }
    }

    /**
     * The launcher's recording run ({@code scripts/trainyard}) reads the job's own exit code from
     * this file: a JVM that then fails to write its class archive (a full disk) exits 1, which must
     * not turn a finished job into a failed one.
     */
    static void reportExitCode(int code) {
        String file = System.getProperty("trainyard.exit-code-file");
        if (file == null) {
            return;
        }
        try {
            Files.writeString(Path.of(file), code + "\n");
        } catch (IOException | RuntimeException e) {
            System.err.println("trainyard: could not write the exit code to " + file + ": " + e.getMessage());
        }
    }

    /** {@code serve} runs from the jar alone; every other command needs Spark's jars beside it. */
    private static boolean sparkOnClasspath() {
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, Main.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * Under spark-submit, Spark configures log4j before our jar is on the classpath and falls back
     * to its INFO-everything defaults; a cluster's own log4j2 config is left alone.
     */
    private static void useOurLoggingUnlessConfigured() {
        if (System.getProperty("log4j.configurationFile") != null
                || !(LogManager.getContext(false) instanceof LoggerContext context)) {
            return;
        }
        String source = String.valueOf(context.getConfiguration().getConfigurationSource().getLocation());
        URL ours = Main.class.getResource("/log4j2.xml");
        if (ours != null && (source.contains("log4j2-defaults") || "null".equals(source))) {
            Configurator.reconfigure(java.net.URI.create(ours.toString()));
        }
    }
}
