package io.trainyard.jobs.cli;

import io.trainyard.common.TrainyardException;
import io.trainyard.jobs.tracking.ModelStore;
import io.trainyard.jobs.tracking.RegistrySource;
import io.trainyard.jobs.tracking.TrackingSession;
import io.trainyard.serving.features.RedisAddress;
import io.trainyard.serving.http.BundleFolderSource;
import io.trainyard.serving.http.ModelServer;
import io.trainyard.serving.http.ModelSource;
import io.trainyard.serving.http.OnlineFeatures;
import io.trainyard.serving.http.ServedModel;
import io.trainyard.serving.http.ServerOptions;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", sortOptions = false,
        description = {"Serve a model's ONNX graph over HTTP, without Spark, until SIGTERM or Ctrl-C:",
            "  POST /v1/models/{name}/predict  {\"instances\":[{column: value, ...}, ...]}",
            "    or, with --features, {\"entities\":[{key column: value}, ...]} (features from the online store)",
            "  GET  /health/live, /health/ready (200 once the model is loaded), /metrics (Prometheus text)",
            "A name@alias model is polled, and a moved alias is loaded and swapped in without dropping a request.",
            "On SIGTERM, in-flight requests finish before the process exits."},
        footer = {"", "Examples:", "  trainyard serve --model churn@champion --port 8080",
            "  trainyard serve --bundle out/churn/model --rate-limit 500/s",
            "  curl -XPOST localhost:8080/v1/models/churn/predict -d '{\"instances\":[{\"state\":\"KS\", ...}]}'",
            "  trainyard serve --model churn@champion --features redis://localhost:6379",
            "  curl -XPOST localhost:8080/v1/models/churn/predict -d '{\"entities\":[{\"customer_id\":\"C0001\"}]}'"})
final class ServeCommand extends JobCommand {
    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)(?:/s)?");

    @Option(names = "--model", paramLabel = "MODEL",
            description = "name@alias (followed as it moves) or name/version from the registry, or a bundle folder.")
    String model;

    @Option(names = "--bundle", paramLabel = "DIR", description = "A bundle folder to serve (no registry needed).")
    Path bundle;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Interface to bind (default: ${DEFAULT-VALUE}, loopback only; 0.0.0.0 for all).")
    String host;

    @Option(names = "--max-body-bytes", paramLabel = "N", defaultValue = "1048576",
            description = "Larger request bodies get 413 (default: ${DEFAULT-VALUE}).")
    int maxBodyBytes;

    @Option(names = "--rate-limit", paramLabel = "N/s", defaultValue = "0",
            description = "Predict requests a second over all clients, e.g. 500/s; above it 429 (default: unlimited).")
    String rateLimit;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: 2 per core).")
    Integer threads;

    @Option(names = "--poll-interval", paramLabel = "SECONDS", defaultValue = "30",
            description = "How often a name@alias model is checked for a new version (default: ${DEFAULT-VALUE}; 0: never).")
    long pollSeconds;

    @Option(names = "--reject-unknown-categories",
            description = "Answer 422 for categorical values training never saw, instead of scoring them in the model's"
                    + " own unseen slot.")
    boolean rejectUnknownCategories;

    @Option(names = "--features", paramLabel = "redis://HOST:PORT",
            description = "Online feature store: predict also takes {\"entities\":[{key: value}, ...]} and looks their"
                    + " features up in this Redis (one round trip per request).")
    String features;

    @Option(names = "--feature-set", paramLabel = "NAME",
            description = "The feature set to look entities up in (default: the model's name).")
    String featureSet;

    @Mixin
    TrackingOptions tracking = new TrackingOptions();

    @Override
    int run() {
        ModelServer.preferLowLatency();  // before the embedded tracking server starts the JDK's HTTP server
        ServerOptions defaults = ServerOptions.defaults(port);
        ServerOptions options = new ServerOptions(host, port, maxBodyBytes, rate(rateLimit),
                threads != null ? threads : defaults.threads(), defaults.queue(), rejectUnknownCategories,
                defaults.drainTimeout());
        if ((model == null) == (bundle == null)) {
            throw TrainyardException.usage("Give exactly one of --model (churn@champion, churn/3 or a bundle folder)"
                    + " and --bundle DIR");
        }
        TrackingSession session = null;
        ModelSource source;
        if (bundle != null || ModelStore.isFolder(model)) {
            source = new BundleFolderSource(bundle != null ? bundle : Paths.get(model));
        } else {
            session = TrackingSession.openExisting(tracking.uri, tracking.store, System.getenv());
            source = registrySource(session);
        }
        serveUntilStopped(options, source, session);
        return 0;
    }

    private RegistrySource registrySource(TrackingSession session) {
        try {
            return new RegistrySource(session.client(), model, System.getenv());
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private void serveUntilStopped(ServerOptions options, ModelSource source, TrackingSession session) {
        OnlineFeatures online;
        try {
            online = features == null ? null : OnlineFeatures.open(RedisAddress.parse(features),
                    featureSet != null ? featureSet : source.name(), options.threads());
        } catch (RuntimeException e) {
            if (session != null) {
                session.close();
            }
            throw e;
        }
        ModelServer server = ModelServer.start(options, source, online);
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            server.close();
            if (session != null) {
                session.close();
            }
            // log4j's own shutdown hook may already have stopped logging
            spec.commandLine().getErr().println("trainyard serve: stopped on " + server.uri()
                    + " after the in-flight requests");
            spec.commandLine().getErr().flush();
            stopped.countDown();
        };
        try {
            server.loadModel();
            if (online != null) {
                requireFeatures(online, server.slot().current().orElseThrow());
            }
        } catch (RuntimeException e) {
            stop.run();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "serve-shutdown"));
        server.pollEvery(Duration.ofSeconds(pollSeconds));
        ServedModel served = server.slot().current().orElseThrow();
        if (json()) {
            printJson(Map.of("command", "serve", "status", "listening", "uri", server.uri().toString(),
                    "model", served.name(), "version", served.version()));
        } else {
            out().printf("trainyard serve: %s version %s on %s%n  predict    POST %s/v1/models/%s/predict%n"
                            + "  health     GET %s/health/ready, metrics GET %s/metrics%n"
                            + "  follows    %s%n  Ctrl-C or SIGTERM stops it after in-flight requests%n",
                    served.name(), served.version(), server.uri(), server.uri(), served.name(), server.uri(),
                    server.uri(), source.changes() && pollSeconds > 0
                            ? source.describe() + ", checked every " + pollSeconds + " s" : source.describe() + " (fixed)");
            if (online != null) {
                out().printf("  features   entities looked up in feature set '%s' v%d on %s (keys: %s)%n",
                        online.info().name(), online.info().version(), features, String.join(", ", online.info().entity()));
            }
            out().flush();
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The feature set must hold every input of the model, or entity requests could never be scored. */
    private static void requireFeatures(OnlineFeatures online, ServedModel served) {
        List<String> missing = online.missingInputs(served.model().signature());
        if (!missing.isEmpty()) {
            throw TrainyardException.data("Feature set '" + online.info().name() + "' lacks input(s) "
                    + String.join(", ", missing) + " of model " + served.name() + " version " + served.version()
                    + "; add them to the feature set, or serve with --feature-set naming one that has them");
        }
    }

    /** {@code 500/s} or {@code 500} to requests a second. */
    static double rate(String value) {
        Matcher matcher = RATE.matcher(value.trim());
        if (!matcher.matches()) {
            throw TrainyardException.usage("--rate-limit '" + value + "' is not a rate; use requests a second,"
                    + " e.g. 500/s (0: unlimited)");
        }
        return Double.parseDouble(matcher.group(1));
    }
}
