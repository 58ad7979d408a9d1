package io.trainyard.jobs.tracking;

import io.trainyard.common.TrainyardException;
import io.trainyard.tracking.TrackingClient;
import io.trainyard.tracking.rest.TrackingConfig;
import io.trainyard.tracking.server.EmbeddedTrackingServer;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The tracking server a command talks to: the one given by {@code --tracking-uri} or
 * {@code MLFLOW_TRACKING_URI} (with MLflow's auth variables), or else an embedded
 * MLflow-compatible server started in-process on a loopback port over a local store. The same
 * code path runs against both; only the URI differs.
 */
public final class TrackingSession implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(TrackingSession.class);

    private final TrackingClient client;
    private final EmbeddedTrackingServer embedded;

    private TrackingSession(TrackingClient client, EmbeddedTrackingServer embedded) {
        this.client = client;
        this.embedded = embedded;
    }

    /**
     * @param uri an explicit server URI, or null
     * @param store the embedded server's folder, or null for $TRAINYARD_STORE or ./mlruns
     * @param env the process environment
     */
    public static TrackingSession open(String uri, Path store, Map<String, String> env) {
        return open(uri, store, env, true);
    }

    /**
     * The same for a command that reads or changes what a training registered (models, promote,
     * score, export, serve, rollback): an embedded store that does not exist is a usage error, never
     * created empty (a typo in --store would otherwise show an empty registry and exit 0).
     */
    public static TrackingSession openExisting(String uri, Path store, Map<String, String> env) {
        return open(uri, store, env, false);
    }

    private static TrackingSession open(String uri, Path store, Map<String, String> env, boolean create) {
        Optional<TrackingConfig> remote = uri != null
                ? Optional.of(TrackingConfig.fromEnvironment(Map.of("MLFLOW_TRACKING_URI", uri)).orElseThrow())
                : TrackingConfig.fromEnvironment(env);
        if (remote.isPresent()) {
            LOG.info("tracking server {}", remote.get().uri());
            return new TrackingSession(withHadoopArtifacts(TrackingClient.connect(remote.get())), null);
        }
        Path folder = store != null ? store : Paths.get(env.getOrDefault("TRAINYARD_STORE", "mlruns"));
        if (!create && !java.nio.file.Files.isDirectory(folder)) {
            String source = store != null ? "--store" : env.containsKey("TRAINYARD_STORE") ? "$TRAINYARD_STORE"
                    : "the default store ./mlruns";
            throw TrainyardException.usage("No tracking store at " + folder.toAbsolutePath().normalize() + " ("
                    + source + "): check the path, or set MLFLOW_TRACKING_URI for a tracking server; train and demo"
                    + " create a store, this command only reads one");
        }
        EmbeddedTrackingServer server = EmbeddedTrackingServer.start("127.0.0.1", 0, folder);
        return new TrackingSession(withHadoopArtifacts(TrackingClient.connect(TrackingConfig.of(server.uri()))),
                server);
    }

    /**
     * True when Hadoop and Spark are loadable (the launcher and spark-submit put them there). Checked
     * here, not in {@link HadoopArtifactStore}: loading that class needs Hadoop, and {@code serve}
     * runs from the jar alone.
     */
    private static boolean hadoopPresent() {
        try {
            Class.forName("org.apache.hadoop.fs.FileSystem", false, TrackingSession.class.getClassLoader());
            Class.forName("org.apache.spark.sql.SparkSession", false, TrackingSession.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Artifact URIs on hdfs:, s3a: … (a server without --serve-artifacts) go through Hadoop, when present. */
    private static TrackingClient withHadoopArtifacts(TrackingClient client) {
        if (hadoopPresent()) {
            client.useArtifactFallback(HadoopArtifactStore.onSparkConfiguration());
        }
        return client;
    }

    public TrackingClient client() {
        return client;
    }

    public URI uri() {
        return client.uri();
    }

    /** The embedded server's store, when this session runs one. */
    public Optional<Path> embeddedStore() {
        return Optional.ofNullable(embedded).map(EmbeddedTrackingServer::store);
    }

    /** {@code mlruns (embedded)} or the server's URI, for summaries. */
    public String describe() {
        return embedded != null ? embedded.store() + " (embedded server)" : uri().toString();
    }

    @Override
    public void close() {
        client.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
