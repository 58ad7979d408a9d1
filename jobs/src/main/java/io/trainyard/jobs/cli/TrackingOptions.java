package io.trainyard.jobs.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where runs and models are tracked. */
public final class TrackingOptions {
    @Option(names = "--tracking-uri", paramLabel = "URI",
            description = "MLflow tracking server (default: $MLFLOW_TRACKING_URI; when unset, an embedded server on"
                    + " 127.0.0.1 over the --store folder).")
    String uri;

    @Option(names = "--store", paramLabel = "DIR",
            description = "Folder of the embedded tracking server: SQLite database and artifacts"
                    + " (default: $TRAINYARD_STORE or ./mlruns).")
    Path store;
}
