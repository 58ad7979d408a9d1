package io.trainyard.jobs.tracking;

import io.trainyard.scoring.onnx.ConverterRegistry;
import io.trainyard.scoring.onnx.OnnxExport;
import io.trainyard.scoring.onnx.ParityReport;
import io.trainyard.serving.bundle.ModelBundle;
import io.trainyard.serving.bundle.Signature;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** ONNX export with its parity check, as train runs it automatically and {@code trainyard export} on demand. */
public final class Exports {
    private static final Logger LOG = LogManager.getLogger(Exports.class);
    /** Registry version tag holding the parity outcome; promote refuses a version whose parity failed. */
    public static final String PARITY_TAG = "trainyard.parity";

    private Exports() {
    }

    /**
     * Exports when every stage has a converter (a recommender, indexer then ALS, always does: a
     * top-N graph); empty (and logged) when one has none.
     */
    public static Optional<OnnxExport.Result> exportIfSupported(Path bundleDir, Dataset<Row> heldOut, String version) {
        ModelBundle bundle = ModelBundle.open(bundleDir);
        if (Signature.TASK_RECOMMENDATION.equals(bundle.signature().task())) {
            return Optional.of(OnnxExport.run(bundleDir, heldOut, version));
        }
        PipelineModel model = PipelineModel.load(bundle.sparkModelDir().toString());
        List<Transformer> unsupported = List.of(model.stages()).stream()
                .filter(stage -> !ConverterRegistry.standard().supports(stage)).toList();
        if (!unsupported.isEmpty()) {
            LOG.warn("no ONNX export: {} has no converter; the bundle serves through Spark only",
                    unsupported.get(0).getClass().getSimpleName());
            return Optional.empty();
        }
        return Optional.of(OnnxExport.run(bundle, model, heldOut, version));
    }

    /**
     * {@code passed: 958 rows, max abs diff 1.2e-07 (tolerance 1e-05), 0 mismatched predictions}; a
     * regression reports the diff relative to max(1, |prediction|), which the tolerance bounds.
     */
    public static String describe(ParityReport parity) {
        Double relative = parity.maxAbsDiff().getOrDefault("score_relative",
                parity.maxAbsDiff().get("prediction_relative"));
        double max = relative != null ? relative
                : parity.maxAbsDiff().values().stream().mapToDouble(Double::doubleValue).max().orElse(0.0);
        return String.format(Locale.ROOT, "%s: %d rows, max %s diff %.2g (tolerance %.0g), %d mismatched predictions",
                parity.passed() ? "passed" : "failed", parity.rows(), relative != null ? "relative" : "abs", max,
                parity.tolerance(), parity.mismatchedPredictions());
    }
}
