package io.trainyard.common;

/**
 * What kind of failure an error is, and the process exit code it maps to.
 * Schedulers (Airflow, cron wrappers) branch on these codes, so they never change meaning.
 */
public enum ErrorCategory {
    /** Anything not covered below: a bug, an I/O failure, a Spark failure. */
    INTERNAL(1),
    /** Bad command line or configuration: wrong flag, unknown key, bad value, missing file. */
    USAGE(2),
    /** Bad input data: missing column, wrong type, empty input, one-class label. */
    DATA(3),
    /** The tracking server could not be reached. */
    TRACKING_UNREACHABLE(4),
    /** The online feature store (Redis) could not be reached: a service outage like the tracking server's. */
    FEATURE_STORE_UNREACHABLE(4),
    /** A promotion gate refused to move the champion. */
    GATE_REFUSED(5);

    private final int exitCode;

    ErrorCategory(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The category of the first {@link TrainyardException} in the cause chain (Spark and Jackson wrap ours), else INTERNAL. */
    public static ErrorCategory of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof TrainyardException known) {
                return known.category();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return INTERNAL;
    }
}
