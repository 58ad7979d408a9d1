package io.trainyard.training.bundle;

import io.trainyard.features.load.LoadedDataset;
import io.trainyard.features.spec.RecommendationSpec;
import io.trainyard.training.TrainRequest;
import io.trainyard.training.TrainResult;
import io.trainyard.training.cv.CrossValidation;
import io.trainyard.training.metrics.BinaryScores;
import io.trainyard.training.metrics.MulticlassScores;
import io.trainyard.training.metrics.RecommendationScores;
import io.trainyard.training.metrics.Scores;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bundle's {@code metrics.json}: data counts, every CV candidate fold by fold, holdout scores, timings. */
final class MetricsReport {
    private MetricsReport() {
    }

    static Map<String, Object> of(TrainRequest request, LoadedDataset data, TrainResult result) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", request.name());
        report.put("task", BundleWriter.taskName(data.schema().task()));
        report.put("selection_metric", result.cv().metric().key());

        Map<String, Object> dataReport = new LinkedHashMap<>();
        dataReport.put("path", request.dataset().data().path());
        dataReport.put("rows", result.rows());
        dataReport.put("train_rows", result.trainRows());
        dataReport.put("holdout_rows", result.holdoutRows());
        dataReport.put("label_counts", data.labelCounts());
        dataReport.put("classes", data.schema().classes());
        dataReport.put("missing_values", data.missingCounts());
        report.put("data", dataReport);

        Map<String, Object> cv = new LinkedHashMap<>();
        cv.put("folds", request.cv().folds());
        cv.put("stratified", request.cv().stratified());
        cv.put("strategy", request.cv().strategy());
        if (!result.cv().baseline().isEmpty()) {
            List<Map<String, Object>> baseline = new ArrayList<>();
            result.cv().baseline().forEach(s -> baseline.add(scores(s)));
            cv.put("seasonal_naive_baseline", baseline);
        }
        List<Map<String, Object>> candidates = new ArrayList<>();
        for (CrossValidation.CandidateResult candidate : result.cv().candidates()) {
            candidates.add(candidate(candidate, candidate == result.cv().best()));
        }
        cv.put("candidates", candidates);
        cv.put("seconds", result.cv().seconds());
        report.put("cv", cv);
        report.put("best", candidate(result.cv().best(), true));
        report.put("holdout", scores(result.holdout()));
        if (result.baseline() != null) {
            report.put("holdout_seasonal_naive_baseline", scores(result.baseline()));
        }
        if (request.dataset().recommendation() != null) {
            RecommendationSpec spec = request.dataset().recommendation();
            Map<String, Object> ranking = new LinkedHashMap<>();
            ranking.put("user_column", spec.userColumn());
            ranking.put("item_column", spec.itemColumn());
            ranking.put("k", spec.k());
            ranking.put("relevant_min", spec.relevantMin());
            ranking.put("top_n", spec.topN());
            report.put("recommendation", ranking);
        }
        if (result.threshold() != null) {
            Map<String, Object> threshold = new LinkedHashMap<>();
            threshold.put("target", result.threshold().target());
            threshold.put("goal", result.threshold().goal());
            threshold.put("threshold", result.threshold().threshold());
            threshold.put("fold_thresholds", result.threshold().foldThresholds());
            threshold.put("holdout_precision", result.threshold().holdoutPrecision());
            threshold.put("holdout_recall", result.threshold().holdoutRecall());
            report.put("decision_threshold", threshold);
        }
        report.put("seconds", result.seconds());
        return report;
    }

    private static Map<String, Object> candidate(CrossValidation.CandidateResult result, boolean best) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("family", result.candidate().family());
        out.put("params", result.candidate().params());
        out.put("mean", result.mean());
        out.put("std", result.std());
        out.put("best", best);
        List<Map<String, Object>> folds = new ArrayList<>();
        result.folds().forEach(s -> folds.add(scores(s)));
        out.put("folds", folds);
        return out;
    }

    static Map<String, Object> scores(Scores scores) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rows", scores.rows());
        if (scores instanceof BinaryScores binary) {
            out.put("positives", binary.positives());
        }
        out.putAll(scores.asMap());
        if (scores instanceof BinaryScores binary) {
            out.put("confusion", binary.confusion());
        } else if (scores instanceof RecommendationScores recommendation) {
            out.put("ranked_users", recommendation.rankedUsers());
            out.put("k", recommendation.k());
        } else if (scores instanceof MulticlassScores multiclass) {
            out.put("classes", multiclass.classes());
            out.put("confusion", multiclass.confusion());
        }
        return out;
    }
}
