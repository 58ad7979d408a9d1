package io.trainyard.scoring.onnx;

import io.trainyard.common.TrainyardException;
import io.trainyard.features.pipeline.FittedPipelines;
import io.trainyard.serving.bundle.Signature;
import io.trainyard.serving.onnx.OnnxModel;
import io.trainyard.serving.onnx.OnnxPrediction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.scala.spark.XGBoostModel;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PredictionModel;
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
 * like XGBoost itself). A classifier fails on any differing predicted class or a probability
 * further apart than the tolerance; a regressor when |spark - onnx| exceeds the tolerance times
 * max(1, |spark|) (relative for large values: float32 carries 7 significant digits, whatever the scale).
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
        boolean xgboost = OnnxExporter.stages(model).stream().anyMatch(s -> s instanceof XGBoostModel);
        return xgboost ? XGBOOST_TOLERANCE : SPARK_TOLERANCE;
    }

    public static ParityReport run(PipelineModel model, byte[] onnx, Signature signature, Dataset<Row> rows) {
        long started = System.nanoTime();
        PredictionModel<?, ?> predictor = predictor(model);
        boolean regression = !(predictor instanceof ProbabilisticClassificationModel<?, ?>);
        List<String> features = signature.inputs().stream().filter(i -> !Signature.ROLE_ID.equals(i.role()))
                .map(Signature.Input::name).toList();
        List<Column> selected = new ArrayList<>(features.stream().map(functions::col).toList());
        selected.add(functions.col(predictor.getPredictionCol()));
        if (!regression) {
            selected.add(functions.col(((ProbabilisticClassificationModel<?, ?>) predictor).getProbabilityCol()));
        }
        List<Row> scored = FittedPipelines.transform(model, rows.limit(MAX_ROWS)).select(selected.toArray(new Column[0]))
                .collectAsList();
        double tolerance = toleranceFor(model);
        Comparison comparison = new Comparison(regression);
        try (OnnxModel onnxModel = OnnxModel.load(onnx, signature)) {
            for (int from = 0; from < scored.size(); from += BATCH) {
                List<Row> batch = scored.subList(from, Math.min(scored.size(), from + BATCH));
                comparison.add(batch, onnxModel.predict(instances(batch, features)), features.size());
            }
        }
        ParityReport report = new ParityReport(scored.size(), comparison.diffs(), comparison.mismatches, tolerance,
                !scored.isEmpty() && comparison.mismatches == 0 && comparison.worst() <= tolerance);
        LOG.info("parity: {} rows, max abs diff {}, {} mismatched predictions, tolerance {}: {} ({} ms)",
                report.rows(), report.maxAbsDiff(), report.mismatchedPredictions(), tolerance,
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

    /** The last stage that predicts: a probabilistic classifier or a regressor. */
    private static PredictionModel<?, ?> predictor(PipelineModel model) {
        List<Transformer> stages = OnnxExporter.stages(model);
        for (int i = stages.size() - 1; i >= 0; i--) {
            if (stages.get(i) instanceof PredictionModel<?, ?> predictor) {
                return predictor;
            }
        }
        throw TrainyardException.usage("parity check: the pipeline has no classifier or regressor stage");
    }

    /** Running maxima over compared rows. */
    private static final class Comparison {
        final boolean regression;
        double labelDiff;
        double probabilityDiff;
        double valueDiff;
        double scaledValueDiff;
        long mismatches;

        Comparison(boolean regression) {
            this.regression = regression;
        }

        void add(List<Row> rows, OnnxPrediction prediction, int predictionIndex) {
            for (int r = 0; r < rows.size(); r++) {
                if (regression) {
                    addValue(((Number) rows.get(r).get(predictionIndex)).doubleValue(), prediction.values()[r]);
                } else {
                    addClass(rows.get(r), prediction, r, predictionIndex);
                }
            }
        }

        private void addValue(double spark, double onnx) {
            double diff = Math.abs(spark - onnx);
            if (Double.isNaN(diff) && Double.isNaN(spark) != Double.isNaN(onnx)) {
                diff = Double.POSITIVE_INFINITY;
            } else if (Double.isNaN(diff) || spark == onnx) {
                diff = 0.0;
            }
            valueDiff = Math.max(valueDiff, diff);
            scaledValueDiff = Math.max(scaledValueDiff, diff / Math.max(1.0, Math.abs(spark)));
        }

        private void addClass(Row row, OnnxPrediction prediction, int r, int predictionIndex) {
            double diff = Math.abs(row.getDouble(predictionIndex) - prediction.labels()[r]);
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

        /** The figure compared with the tolerance. */
        double worst() {
            return regression ? scaledValueDiff : probabilityDiff;
        }

        Map<String, Double> diffs() {
            return regression ? Map.of("prediction", valueDiff, "prediction_relative", scaledValueDiff)
                    : Map.of("label", labelDiff, "probabilities", probabilityDiff);
        }
    }
}
