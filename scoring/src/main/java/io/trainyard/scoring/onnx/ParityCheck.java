package io.trainyard.scoring.onnx;

import io.trainyard.common.TrainyardException;
import io.trainyard.serving.bundle.Signature;
import io.trainyard.serving.onnx.OnnxModel;
import io.trainyard.serving.onnx.OnnxPrediction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Scores held-out rows with Spark and with ONNX Runtime (through the serving wrapper, exactly as
 * online) and compares them row by row. Tolerances: {@value #SPARK_TOLERANCE} for graphs of Spark
 * stages (exported in double), {@value #XGBOOST_TOLERANCE} when XGBoost is in the pipeline (float32,
 * like XGBoost itself). Any differing predicted class fails the check.
 */
public final class ParityCheck {
    public static final double SPARK_TOLERANCE = 1e-6;
    public static final double XGBOOST_TOLERANCE = 1e-5;
    /** Rows compared at most; they are collected to the driver. */
    public static final int MAX_ROWS = 20_000;

    private static final Logger LOG = LogManager.getLogger(ParityCheck.class);
    private static final int BATCH = 1024;

    private ParityCheck() {
    }

    public static double toleranceFor(PipelineModel model) {
        boolean xgboost = OnnxExporter.stages(model).stream().anyMatch(s -> s instanceof XGBoostClassificationModel);
        return xgboost ? XGBOOST_TOLERANCE : SPARK_TOLERANCE;
    }

    public static ParityReport run(PipelineModel model, byte[] onnx, Signature signature, Dataset<Row> rows) {
        long started = System.nanoTime();
        ProbabilisticClassificationModel<?, ?> classifier = classifier(model);
        List<String> features = signature.inputs().stream().filter(i -> !Signature.ROLE_ID.equals(i.role()))
                .map(Signature.Input::name).toList();
        List<Column> selected = new ArrayList<>(features.stream().map(functions::col).toList());
        selected.add(functions.col(classifier.getPredictionCol()));
        selected.add(functions.col(classifier.getProbabilityCol()));
        List<Row> scored = model.transform(rows.limit(MAX_ROWS)).select(selected.toArray(new Column[0]))
                .collectAsList();
        double tolerance = toleranceFor(model);
        Comparison comparison = new Comparison();
        try (OnnxModel onnxModel = OnnxModel.load(onnx, signature)) {
            for (int from = 0; from < scored.size(); from += BATCH) {
                List<Row> batch = scored.subList(from, Math.min(scored.size(), from + BATCH));
                comparison.add(batch, onnxModel.predict(instances(batch, features)), features.size());
            }
        }
        ParityReport report = new ParityReport(scored.size(), Map.of("label", comparison.labelDiff,
                "probabilities", comparison.probabilityDiff), comparison.mismatches, tolerance,
                !scored.isEmpty() && comparison.mismatches == 0 && comparison.probabilityDiff <= tolerance);
        LOG.info("parity: {} rows, max abs probability diff {}, {} mismatched predictions, tolerance {}: {} ({} ms)",
                report.rows(), comparison.probabilityDiff, report.mismatchedPredictions(), tolerance,
                report.passed() ? "passed" : "FAILED", (System.nanoTime() - started) / 1_000_000);
        return report;
    }

    private static List<Map<String, Object>> instances(List<Row> rows, List<String> features) {
        List<Map<String, Object>> instances = new ArrayList<>(rows.size());
        for (Row row : rows) {
            Map<String, Object> instance = new HashMap<>();
            for (int c = 0; c < features.size(); c++) {
                instance.put(features.get(c), row.get(c));
            }
            instances.add(instance);
        }
        return instances;
    }

    private static ProbabilisticClassificationModel<?, ?> classifier(PipelineModel model) {
        List<Transformer> stages = OnnxExporter.stages(model);
        for (int i = stages.size() - 1; i >= 0; i--) {
            if (stages.get(i) instanceof ProbabilisticClassificationModel<?, ?> classifier) {
                return classifier;
            }
        }
        throw TrainyardException.usage("parity check: the pipeline has no probabilistic classifier stage");
    }

    /** Running maxima over compared rows. */
    private static final class Comparison {
        double labelDiff;
        double probabilityDiff;
        long mismatches;

        void add(List<Row> rows, OnnxPrediction prediction, int predictionIndex) {
            for (int r = 0; r < rows.size(); r++) {
                Row row = rows.get(r);
                double sparkLabel = row.getDouble(predictionIndex);
                double diff = Math.abs(sparkLabel - prediction.labels()[r]);
                labelDiff = Math.max(labelDiff, diff);
                if (diff != 0) {
                    mismatches++;
                }
                double[] spark = ((Vector) row.get(predictionIndex + 1)).toArray();
                double[] onnx = prediction.probabilities()[r];
                for (int k = 0; k < spark.length; k++) {
                    double d = k < onnx.length ? Math.abs(spark[k] - onnx[k]) : Double.POSITIVE_INFINITY;
                    probabilityDiff = Math.max(probabilityDiff, Double.isNaN(d) ? Double.POSITIVE_INFINITY : d);
                }
            }
        }
    }
}
