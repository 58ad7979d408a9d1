package io.trainyard.tracking;

/** Tag keys trainyard puts on runs; callers pass the values to {@link TrackingClient#startRun}. */
public final class RunTags {
    /** MLflow's own key, so MLflow's UI shows the commit. */
    public static final String GIT_COMMIT = "mlflow.source.git.commit";
    public static final String CONFIG_HASH = "trainyard.config_hash";
    public static final String DATA_FINGERPRINT = "trainyard.data_fingerprint";
    public static final String TRAINYARD_VERSION = "trainyard.version";
    /** Set on FAILED runs: the one-line reason. */
    public static final String FAILURE_REASON = "trainyard.failure_reason";
    public static final String USER = "mlflow.user";

    private RunTags() {
    }
}
