package io.trainyard.jobs.cli;

import io.trainyard.tracking.server.EmbeddedTrackingServer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "tracking-server", sortOptions = false,
        description = {"Run the embedded MLflow-compatible tracking server (SQLite database and artifact folder in",
            "--store) until interrupted. Point MLFLOW_TRACKING_URI at it to share one store between commands,",
            "or use it with MLflow's own clients."},
        footer = {"", "Example:", "  trainyard tracking-server --port 5000 --store ./mlruns",
            "  export MLFLOW_TRACKING_URI=http://127.0.0.1:5000"})
final class TrackingServerCommand extends JobCommand {
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "5000", description = "Port (default: ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Interface to bind (default: ${DEFAULT-VALUE}, loopback only).")
    String host;

    @Option(names = "--store", paramLabel = "DIR", defaultValue = "mlruns", description = "Store folder (default: ${DEFAULT-VALUE}).")
    Path store;

    @Override
    int run() {
        EmbeddedTrackingServer server = EmbeddedTrackingServer.start(host, port, store);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        out().println("trainyard tracking-server: listening on " + server.uri() + " (store " + store.toAbsolutePath()
                + "); Ctrl-C stops it");
        out().println("  export MLFLOW_TRACKING_URI=" + server.uri());
        out().flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
