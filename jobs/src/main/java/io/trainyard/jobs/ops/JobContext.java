package io.trainyard.jobs.ops;

import io.trainyard.common.SafeNames;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.logging.log4j.ThreadContext;
import org.apache.spark.sql.SparkSession;

/**
 * The command being run in this process: its job id, the model it works on, what it measured for
 * the Pushgateway, its progress line. One command runs per process (tests run them one after the
 * other), so this is process state, set up and torn down by the command line around each command;
 * it lets the code that creates the SparkSession, or learns the model's version, report without
 * threading a context through every call.
 */
public final class JobContext {
    /** Set by schedulers to tie log lines and metrics to their task; else a fresh id per command. */
    public static final String JOB_ID_ENV = "TRAINYARD_JOB_ID";

    private static volatile JobContext current = new JobContext("none", "local", false);

    private final String command;
    private final String jobId;
    private final boolean progressWanted;
    private final JobMetrics metrics = new JobMetrics();
    private volatile Progress progress;

    private JobContext(String command, String jobId, boolean progressWanted) {
        this.command = command;
        this.jobId = jobId;
        this.progressWanted = progressWanted;
    }

    /** Starts a command: a job id, empty metrics, log labels. */
    public static JobContext begin(String command, boolean progressWanted, Map<String, String> env) {
        String jobId = Optional.ofNullable(env.get(JOB_ID_ENV)).filter(s -> !s.isBlank())
                .map(id -> SafeNames.jobId(id, JOB_ID_ENV))
                .orElse(command + "-" + UUID.randomUUID().toString().substring(0, 8));
        JobContext context = new JobContext(command, jobId, progressWanted);
        current = context;
        ThreadContext.clearMap();
        ThreadContext.put("command", command);
        ThreadContext.put("job_id", jobId);
        return context;
    }

    /**
     * Whether a progress line makes sense: a terminal, no --json, no JSON logs, not turned off.
     * (Here, not in {@link Progress}, which extends a Spark class: {@code serve} runs without Spark.)
     */
    public static boolean progressWanted(boolean json, boolean disabled) {
        return !json && !disabled && System.console() != null && !LogFormat.json();
    }

    public static JobContext current() {
        return current;
    }

    public String command() {
        return command;
    }

    public String jobId() {
        return jobId;
    }

    public JobMetrics metrics() {
        return metrics;
    }

    /** Labels the job's log lines (ECS {@code labels}) and its metrics with the model it works on. */
    public static void model(String name) {
        current.metrics.model(name);
        label("model", name);
    }

    /** A label on every following log line of the job: run_id, model_version, job_id … */
    public static void label(String key, String value) {
        if (value != null) {
            ThreadContext.put(key, value);
        }
    }

    /** Called for every SparkSession a command creates: shows progress when wanted. */
    public static void onSession(SparkSession spark) {
        JobContext context = current;
        if (context.progressWanted && context.progress == null) {
            context.progress = Progress.attach(spark);
        }
    }

    /**
     * Ends the command: clears the progress line and pushes the metrics when asked. The log labels
     * stay until the next command begins, so the error line that follows a failure carries them.
     */
    public void end(int exitCode, double seconds, String pushgateway) {
        if (progress != null) {
            progress.close();
        }
        if (pushgateway != null && !pushgateway.isBlank()) {
            metrics.push(pushgateway, command, exitCode, seconds);
        }
    }
}
