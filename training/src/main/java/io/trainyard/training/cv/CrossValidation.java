package io.trainyard.training.cv;

import static org.apache.spark.sql.functions.col;

import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.pipeline.FeaturePipeline;
import io.trainyard.training.metrics.BinaryMetrics;
import io.trainyard.training.metrics.BinaryScores;
import io.trainyard.training.model.Candidate;
import io.trainyard.training.spec.SelectionMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * K-fold cross-validation over candidates. Per fold, the feature stages are fitted on that fold's
 * training rows only (no leakage from validation rows into imputation or category indexes) and
 * shared by every candidate of the fold; each candidate is then fitted and scored.
 */
public final class CrossValidation {
    private static final Logger LOG = LogManager.getLogger(CrossValidation.class);

    /**
     * A candidate's scores.
     *
     * @param candidate the candidate
     * @param folds its validation scores, fold by fold
     * @param mean mean of the selection metric over folds
     * @param std sample standard deviation of the selection metric over folds
     */
    public record CandidateResult(Candidate candidate, List<BinaryScores> folds, double mean, double std) {
    }

    /**
     * The search.
     *
     * @param candidates every candidate, in config order
     * @param best the winner by mean selection metric (first one on ties)
     * @param metric the selection metric
     * @param seconds wall time
     */
    public record Result(List<CandidateResult> candidates, CandidateResult best, SelectionMetric metric,
                         double seconds) {
    }

    private CrossValidation() {
    }

    /** {@code data} must carry {@link Splits#FOLD}; it is cached for the duration. */
    public static Result run(Dataset<Row> data, int folds, List<PipelineStage> featureStages,
                             List<Candidate> candidates, SelectionMetric metric) {
        long started = System.nanoTime();
        Dataset<Row> cached = data.cache();
        List<List<BinaryScores>> scores = new ArrayList<>();
        candidates.forEach(c -> scores.add(new ArrayList<>()));
        try {
            for (int fold = 0; fold < folds; fold++) {
                runFold(cached, fold, folds, featureStages, candidates, scores);
            }
        } finally {
            cached.unpersist();
        }
        List<CandidateResult> results = new ArrayList<>();
        CandidateResult best = null;
        for (int i = 0; i < candidates.size(); i++) {
            CandidateResult result = summarize(candidates.get(i), scores.get(i), metric);
            results.add(result);
            if (best == null || metric.better(result.mean(), best.mean())) {
                best = result;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.info("cross-validation: {} folds x {} candidates in {} s, best {}={} ({})", folds, candidates.size(),
                format(seconds), metric.key(), format(best.mean()), best.candidate().describe());
        return new Result(results, best, metric, seconds);
    }

    private static void runFold(Dataset<Row> data, int fold, int folds, List<PipelineStage> featureStages,
                                List<Candidate> candidates, List<List<BinaryScores>> scores) {
        Dataset<Row> train = data.filter(col(Splits.FOLD).notEqual(fold));
        Dataset<Row> valid = data.filter(col(Splits.FOLD).equalTo(fold));
        PipelineModel features = new Pipeline().setStages(featureStages.toArray(new PipelineStage[0])).fit(train);
        Dataset<Row> trainFeatures = features.transform(train).select(FeaturePipeline.FEATURES, DatasetSchema.LABEL)
                .cache();
        Dataset<Row> validFeatures = features.transform(valid).select(FeaturePipeline.FEATURES, DatasetSchema.LABEL)
                .cache();
        try {
            for (int i = 0; i < candidates.size(); i++) {
                long started = System.nanoTime();
                Model<?> model = candidates.get(i).pipeline().fit(trainFeatures);
                BinaryScores score = BinaryMetrics.evaluate(model.transform(validFeatures));
                scores.get(i).add(score);
                LOG.info("fold {}/{} candidate {}/{} {}: auc={} in {} s", fold + 1, folds, i + 1, candidates.size(),
                        candidates.get(i).describe(), format(score.auc()), format((System.nanoTime() - started) / 1e9));
            }
        } finally {
            trainFeatures.unpersist();
            validFeatures.unpersist();
        }
    }

    private static CandidateResult summarize(Candidate candidate, List<BinaryScores> folds, SelectionMetric metric) {
        double mean = folds.stream().mapToDouble(s -> s.get(metric)).average().orElse(Double.NaN);
        double squares = folds.stream().mapToDouble(s -> Math.pow(s.get(metric) - mean, 2)).sum();
        double std = folds.size() > 1 ? Math.sqrt(squares / (folds.size() - 1)) : 0.0;
        return new CandidateResult(candidate, List.copyOf(folds), mean, std);
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
