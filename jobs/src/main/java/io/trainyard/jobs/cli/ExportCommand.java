package io.trainyard.jobs.cli;

import io.trainyard.common.TrainyardException;
import io.trainyard.jobs.config.SparkSpec;
import io.trainyard.jobs.tracking.Exports;
import io.trainyard.jobs.tracking.HoldoutEvaluation;
import io.trainyard.jobs.tracking.ModelStore;
import io.trainyard.jobs.tracking.TrackingSession;
import io.trainyard.scoring.onnx.OnnxExport;
import io.trainyard.serving.bundle.ModelBundle;
import io.trainyard.tracking.TrackingClient;
import io.trainyard.tracking.registry.ModelVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "export", sortOptions = false,
        description = {"Export a model to one ONNX graph (inputs: the raw columns of its signature) and prove it:",
            "held-out rows are scored by Spark and by ONNX Runtime, and parity.json records rows, max abs",
            "difference and mismatched predictions. onnx/model.onnx and parity.json are added to the bundle",
            "(re-sealed); for a registry model the bundle is uploaded back and the version tagged with the result."},
        footer = {"", "Examples:", "  trainyard export --model churn/3 --format onnx",
            "  trainyard export --model out/churn/model --data out/churn/holdout"})
final class ExportCommand extends JobCommand {
    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "name@alias, name/version or a bundle folder.")
    String model;

    @Option(names = "--format", paramLabel = "onnx", defaultValue = "onnx", description = "Only onnx.")
    String format;

    @Option(names = "--data", paramLabel = "PATH",
            description = "Held-out rows (Parquet) to prove parity on; default: the bundle's sibling holdout/ for a"
                    + " folder, the re-derived holdout of the training data for a registry model.")
    String data;

    @Mixin
    TrackingOptions tracking = new TrackingOptions();

    @Override
    int run() {
        if (!"onnx".equalsIgnoreCase(format)) {
            throw TrainyardException.usage("--format " + format + " is not supported; use --format onnx");
        }
        SparkSession spark = SparkSessions.create("export", SparkSpec.defaults());
        OnnxExport.Result result;
        if (ModelStore.isFolder(model)) {
            Path bundle = Paths.get(model);
            Path heldOut = data != null ? Paths.get(data) : bundle.toAbsolutePath().getParent().resolve("holdout");
            if (!Files.isDirectory(heldOut) && !Files.isRegularFile(heldOut)) {
                throw TrainyardException.usage("No held-out rows at " + heldOut + "; pass --data with Parquet rows the"
                        + " model did not train on");
            }
            result = OnnxExport.run(spark, bundle, heldOut, Versions.trainyard());
        } else {
            try (TrackingSession session = TrackingSession.openExisting(tracking.uri, tracking.store, System.getenv())) {
                result = exportRegistered(spark, session.client());
            }
        }
        if (!json()) {
            out().printf(Locale.ROOT, "trainyard export: %s -> %s%n  parity     %s%n  bundle id  %s%n", model,
                    result.modelFile(), Exports.describe(result.parity()), result.bundleId());
            out().flush();
        }
        Map<String, Object> summary = Summaries.ok("export");
        summary.put("model", model);
        summary.put("onnx", result.modelFile().toString());
        summary.put("parity", result.parity());
        summary.put("bundle_id", result.bundleId());
        printJson(summary);
        return result.parity().passed() ? 0 : 3;
    }

    /** The registry version's export, uploaded and tagged with its parity. */
    private OnnxExport.Result exportRegistered(SparkSession spark, TrackingClient client) {
        ModelVersion version = client.registry().resolve(model);
        ModelBundle bundle = ModelStore.fetch(client, version, System.getenv());
        OnnxExport.Result result;
        if (data != null) {
            result = OnnxExport.run(spark, bundle.dir(), Paths.get(data), Versions.trainyard());
        } else {
            HoldoutEvaluation holdout = HoldoutEvaluation.of(spark, bundle, null);
            try {
                Dataset<Row> rows = holdout.holdout();
                result = OnnxExport.run(bundle.dir(), rows, Versions.trainyard());
            } finally {
                holdout.release();
            }
        }
        client.artifacts().uploadDirectory(version.source(), bundle.dir(), "");
        client.registry().setVersionTag(version.name(), version.version(), Exports.PARITY_TAG,
                Exports.describe(result.parity()));
        client.registry().setVersionTag(version.name(), version.version(), "trainyard.bundle_id", result.bundleId());
        return result;
    }
}
