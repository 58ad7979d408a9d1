package io.trainyard.jobs.cli;

import io.trainyard.common.ErrorCategory;
import io.trainyard.common.TrainyardException;
import io.trainyard.jobs.config.ConfigLoader;
import io.trainyard.tracking.rest.MlflowRest;
import io.trainyard.tracking.rest.TrackingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "doctor", sortOptions = false,
        description = {"Check that this machine can run trainyard: Java, Spark on the classpath, XGBoost's and ONNX",
            "Runtime's native libraries, the tracking server (or the embedded store), write access to the output",
            "folder, free disk, and (with --config) the config and its data. Says what is wrong in plain words;",
            "exits with the first failing check's code (2 setup or config, 3 data, 4 tracking server)."},
        footer = {"", "Example:", "  trainyard doctor --config conf/churn.yaml --output out/churn"})
final class DoctorCommand extends JobCommand {
    private static final long GIB = 1L << 30;

    @Option(names = "--output", paramLabel = "DIR", defaultValue = "out",
            description = "The folder jobs will write to (default: out).")
    Path output;

    @Option(names = "--config", paramLabel = "FILE", description = "Also check this use case's config and data.")
    Path config;

    @Mixin
    TrackingOptions tracking = new TrackingOptions();

    /** One check's outcome; {@code category} says which exit code a failure maps to. */
    record Check(String name, String status, String detail, ErrorCategory category) {
        static Check ok(String name, String detail) {
            return new Check(name, "ok", detail, null);
        }

        static Check warn(String name, String detail) {
            return new Check(name, "warn", detail, null);
        }

        static Check fail(String name, String detail, ErrorCategory category) {
            return new Check(name, "fail", detail, category);
        }
    }

    @Override
    int run() {
        List<Check> checks = new ArrayList<>();
        checks.add(java());
        checks.add(spark());
        checks.add(xgboost());
        checks.add(onnxRuntime());
        checks.add(tracking(System.getenv()));
        checks.add(writable(output));
        checks.add(disk("disk (output)", output));
        checks.add(disk("disk (temp)", Paths.get(System.getProperty("java.io.tmpdir"))));
        if (config != null) {
            checks.add(config(config));
        }
        Optional<Check> failed = checks.stream().filter(c -> c.status().equals("fail")).findFirst();
        if (json()) {
            Map<String, Object> summary = failed.isEmpty() ? Summaries.ok("doctor") : new LinkedHashMap<>();
            if (failed.isPresent()) {
                summary.put("command", "doctor");
                summary.put("status", "error");
                summary.put("exit_code", failed.get().category().exitCode());
            }
            List<Map<String, String>> list = new ArrayList<>();
            checks.forEach(c -> list.add(Map.of("check", c.name(), "status", c.status(), "detail", c.detail())));
            summary.put("checks", list);
            printJson(summary);
        } else {
            checks.forEach(c -> out().printf(Locale.ROOT, "  %-4s  %-15s %s%n", c.status().toUpperCase(Locale.ROOT),
                    c.name(), c.detail()));
            out().printf("trainyard doctor: %s%n", failed.isEmpty() ? "ready" : "fix the FAIL line(s) above");
            out().flush();
        }
        return failed.map(c -> c.category().exitCode()).orElse(0);
    }

    static Check java() {
        int feature = Runtime.version().feature();
        String detail = "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor")
                + ") at " + System.getProperty("java.home");
        return feature >= 17 ? Check.ok("java", detail)
                : Check.fail("java", detail + ": Java 17 or newer is needed; set JAVA_HOME", ErrorCategory.USAGE);
    }

    static Check spark() {
        try {
            Class.forName("org.apache.spark.sql.SparkSession");
            return Check.ok("spark", "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + ", Scala "
                    + scala.util.Properties.versionNumberString());
        } catch (ClassNotFoundException | LinkageError e) {
            return Check.fail("spark", "Spark is not on the classpath: run through scripts/trainyard or spark-submit",
                    ErrorCategory.USAGE);
        }
    }

    static Check xgboost() {
        try {
            ml.dmlc.xgboost4j.java.DMatrix matrix = new ml.dmlc.xgboost4j.java.DMatrix(new float[] {1f}, 1, 1,
                    Float.NaN);
            matrix.dispose();
            return Check.ok("xgboost", "XGBoost4J native library loads");
        } catch (Exception | LinkageError e) {
            return Check.fail("xgboost", "XGBoost's native library does not load (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "); on Debian: apt-get install libgomp1", ErrorCategory.USAGE);
        }
    }

    static Check onnxRuntime() {
        try {
            ai.onnxruntime.OrtEnvironment.getEnvironment();
            return Check.ok("onnx-runtime", "ONNX Runtime " + ai.onnxruntime.OrtEnvironment.getEnvironment()
                    .getVersion() + " native library loads");
        } catch (Exception | LinkageError e) {
            return Check.fail("onnx-runtime", "ONNX Runtime's native library does not load (" + e.getMessage()
                    + "); ONNX export and serving need it", ErrorCategory.USAGE);
        }
    }

    Check tracking(Map<String, String> env) {
        Optional<TrackingConfig> remote = tracking.uri != null
                ? TrackingConfig.fromEnvironment(Map.of("MLFLOW_TRACKING_URI", tracking.uri))
                : TrackingConfig.fromEnvironment(env);
        if (remote.isPresent()) {
            try {
                MlflowRest.connect(remote.get()).get("mlflow/experiments/search", Map.of("max_results", "1"));
                return Check.ok("tracking", "MLflow server " + remote.get().uri() + " answers");
            } catch (TrainyardException e) {
                return Check.fail("tracking", e.getMessage(), e.category() == ErrorCategory.TRACKING_UNREACHABLE
                        ? ErrorCategory.TRACKING_UNREACHABLE : ErrorCategory.USAGE);
            }
        }
        Path store = tracking.store != null ? tracking.store : Paths.get(env.getOrDefault("TRAINYARD_STORE", "mlruns"));
        Path existing = nearestExisting(store);
        if (existing == null || !Files.isWritable(existing)) {
            return Check.fail("tracking", "no MLFLOW_TRACKING_URI, and the embedded server's store " + store
                    + " is not writable (" + existing + "); pass --store DIR or set TRAINYARD_STORE", ErrorCategory.USAGE);
        }
        return Check.ok("tracking", "no MLFLOW_TRACKING_URI: an embedded server will use " + store
                + (Files.exists(store) ? "" : " (created on first use)"));
    }

    static Check writable(Path dir) {
        boolean created = !Files.exists(dir);
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".trainyard-doctor", ".tmp");
            Files.delete(probe);
            if (created) {
                Files.delete(dir);
            }
            return Check.ok("output", dir + " is writable");
        } catch (IOException e) {
            return Check.fail("output", "cannot write to " + dir + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); choose another --output or fix its permissions", ErrorCategory.USAGE);
        }
    }

    static Check disk(String name, Path dir) {
        Path existing = nearestExisting(dir);
        try {
            long free = Files.getFileStore(existing).getUsableSpace();
            String detail = String.format(Locale.ROOT, "%.1f GiB free at %s", free / (double) GIB, existing);
            return free < GIB ? Check.fail(name, detail + ": Spark spills and shuffles need at least 1 GiB; free some"
                    + " space or point it elsewhere", ErrorCategory.USAGE)
                    : free < 5 * GIB ? Check.warn(name, detail + " (below 5 GiB: large jobs may run out)")
                    : Check.ok(name, detail);
        } catch (IOException | RuntimeException e) {
            return Check.warn(name, "cannot tell the free space of " + dir + ": " + e.getMessage());
        }
    }

    /** {@code path} or its nearest existing parent (what will hold it once created); null if none. */
    private static Path nearestExisting(Path path) {
        Path existing = path.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing;
    }

    static Check config(Path file) {
        try {
            ConfigLoader.Loaded loaded = ConfigLoader.load(file, List.of());
            String data = loaded.config().data().path();
            boolean local = !data.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") && !data.contains("*");
            if (local && !Files.exists(Paths.get(data))) {
                return Check.fail("config", file + " is valid, but its data " + data + " does not exist; fix data.path",
                        ErrorCategory.DATA);
            }
            return Check.ok("config", file + ": model '" + loaded.config().name() + "', data " + data);
        } catch (TrainyardException e) {
            return Check.fail("config", e.getMessage(), e.category());
        }
    }
}
