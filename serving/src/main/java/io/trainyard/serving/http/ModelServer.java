package io.trainyard.serving.http;

import com.sun.net.httpserver.HttpServer;
import io.trainyard.common.DaemonThreads;
import io.trainyard.common.ErrorCategory;
import io.trainyard.common.TrainyardException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The online serving adapter: an HTTP server in front of one model's ONNX graph, Spark-free.
 *
 * <pre>{@code
 * ModelServer server = ModelServer.start(ServerOptions.defaults(8080), source);  // live, not ready
 * server.loadModel();                       // ready: POST /v1/models/{name}/predict
 * server.pollEvery(Duration.ofSeconds(30)); // follows the source (e.g. churn@champion) with hot swaps
 * server.close();                           // drain, stop, close the ONNX Runtime session
 * }</pre>
 *
 * <p>It runs on the JDK's {@code com.sun.net.httpserver}, as the embedded tracking server does: a
 * handful of JSON endpoints need no web framework, the adapter stays one small jar without Spark,
 * and at this size the model, not the HTTP layer, dominates latency. Workers are a fixed pool with a
 * bounded queue; when both are full the dispatcher answers 503 at once instead of queueing without
 * end. TCP_NODELAY is on, so small responses are not held back by Nagle's algorithm.
 */
public final class ModelServer implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(ModelServer.class);

    static {
        preferLowLatency();
    }

    /**
     * Turns TCP_NODELAY on for the JDK's HTTP servers, so replies never wait on delayed ACKs. The JDK
     * reads this setting once, when its first server starts: call this before any other server (e.g.
     * an embedded tracking server) starts in the JVM.
     */
    public static void preferLowLatency() {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer http;
    private final ThreadPoolExecutor workers;
    private final Router router;
    private final ModelSlot slot;
    private final ModelPoller poller;
    private final ServerOptions options;
    private final OnlineFeatures features;
    private final URI uri;

    private ModelServer(HttpServer http, ThreadPoolExecutor workers, Router router, ModelSlot slot,
                        ModelPoller poller, ServerOptions options, OnlineFeatures features) {
        this.http = http;
        this.workers = workers;
        this.router = router;
        this.slot = slot;
        this.poller = poller;
        this.options = options;
        this.features = features;
        String host = http.getAddress().getAddress().getHostAddress();
        this.uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + http.getAddress().getPort());
    }

    /** Binds and starts answering (live; ready once {@link #loadModel()} succeeded). */
    public static ModelServer start(ServerOptions options, ModelSource source) {
        return start(options, source, null);
    }

    /**
     * Same, and predict requests may name {@code entities} whose features come from {@code features}
     * (owned by the server from now on: closed with it); null for instances only.
     */
    public static ModelServer start(ServerOptions options, ModelSource source, OnlineFeatures features) {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 512);
        } catch (IOException e) {
            if (features != null) {
                features.close();
            }
            throw new TrainyardException(ErrorCategory.USAGE, "Cannot listen on " + options.host() + ":"
                    + options.port() + ": " + e.getMessage() + "; choose a free port (or 0 for any)", e);
        }
        ServingMetrics metrics = new ServingMetrics();
        ModelSlot slot = new ModelSlot();
        Router router = new Router(source.name(), slot, metrics, options, features);
        ThreadPoolExecutor workers = new ThreadPoolExecutor(options.threads(), options.threads(), 0,
                TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(options.queue()), DaemonThreads.named("serving-worker"),
                (task, pool) -> shed(task));
        http.createContext("/", router);
        http.setExecutor(workers);
        http.start();
        ModelServer server = new ModelServer(http, workers, router, slot, new ModelPoller(slot, source, metrics),
                options, features);
        LOG.info("serving {} on {} ({} workers, bodies up to {} bytes, rate limit {})", source.describe(),
                server.uri, options.threads(), options.maxBodyBytes(),
                options.ratePerSecond() > 0 ? options.ratePerSecond() + "/s" : "none");
        return server;
    }

    /** Runs a request the full pool refused on the dispatcher thread, where it is answered 503 at once. */
    private static void shed(Runnable exchange) {
        Router.SHED.set(true);
        try {
            exchange.run();
        } finally {
            Router.SHED.set(false);
        }
    }

    /** Loads the source's current version; the server is ready afterwards. Throws when it cannot load. */
    public void loadModel() {
        poller.loadFirst();
    }

    /** Polls the source every {@code interval} and swaps to a new version without dropping a request. */
    public void pollEvery(Duration interval) {
        poller.start(interval);
    }

    /** One poll now; true when a new version was swapped in. */
    public boolean refresh() {
        return poller.refresh();
    }

    public ModelSlot slot() {
        return slot;
    }

    /** {@code http://<host>:<port>}. */
    public URI uri() {
        return uri;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /**
     * Graceful shutdown: new predict and readiness requests get 503, in-flight requests finish (up to
     * the drain timeout), then the listener and the workers stop and the ONNX Runtime session closes.
     */
    @Override
    public void close() {
        router.drain();
        poller.close();
        try {
            if (!router.awaitIdle(options.drainTimeout().toMillis())) {
                LOG.warn("requests still running after {} s; stopping anyway", options.drainTimeout().toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.stop(0);
        workers.shutdown();
        try {
            workers.awaitTermination(options.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        slot.close();
        if (features != null) {
            features.close();
        }
        LOG.info("serving on {} stopped", uri);
    }
}
