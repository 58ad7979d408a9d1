package io.trainyard.training.cv;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.trainyard.features.load.Columns;
import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.pipeline.FeaturePipeline;
import io.trainyard.features.spec.Task;
import io.trainyard.features.time.TimeSeriesFeatures;
import io.trainyard.training.metrics.Evaluations;
import io.trainyard.training.metrics.RegressionMetrics;
import io.trainyard.training.metrics.Scores;
import io.trainyard.training.model.Candidate;
import io.trainyard.training.spec.SelectionMetric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.plans.physical.Distribution;
import org.apache.spark.sql.catalyst.plans.physical.UnspecifiedDistribution$;
import org.apache.spark.sql.execution.CoalesceExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.UnionExec;
import org.apache.spark.sql.execution.exchange.ShuffleExchangeLike;
import scala.collection.JavaConverters;

/**
 * Cross-validation over candidates. Per fold, the feature stages are fitted on that fold's
 * training rows only (no leakage from validation rows into imputation or category indexes) and
 * shared by every candidate of the fold; each candidate is then fitted and scored with the task's
 * metrics. K-fold folds validate on one fold and train on the rest; time-ordered folds (expanding
 * origin) train on every block up to one and validate on the next, so no model sees its future.
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
    public record CandidateResult(Candidate candidate, List<Scores> folds, double mean, double std) {
    }

    /**
     * The search.
     *
     * @param candidates every candidate, in config order
     * @param best the winner by mean selection metric (first one on ties)
     * @param metric the selection metric
     * @param seconds wall time
     * @param baseline the seasonal-naive baseline's scores fold by fold (time series only; else empty)
     */
    public record Result(List<CandidateResult> candidates, CandidateResult best, SelectionMetric metric,
                         double seconds, List<Scores> baseline) {
        public Result(List<CandidateResult> candidates, CandidateResult best, SelectionMetric metric, double seconds) {
            this(candidates, best, metric, seconds, List.of());
        }
    }

    private CrossValidation() {
    }

    /** Binary k-fold, as before tasks: {@code data} must carry {@link Splits#FOLD}. */
    public static Result run(Dataset<Row> data, int folds, List<PipelineStage> featureStages,
                             List<Candidate> candidates, SelectionMetric metric) {
        DatasetSchema binary = new DatasetSchema(List.of(), List.of(), List.of(), "", "1", "0");
        return run(data, FoldPlan.kfold(folds), binary, featureStages, candidates, metric);
    }

    /**
     * {@code data} must carry {@link Splits#FOLD} as the plan expects; it is cached for the duration,
     * in as many partitions of about equal size as the session has cores ({@link #cachedSpread}):
     * XGBoost re-shuffles every fold's rows unless they come in one partition per worker (its
     * default: min(2, cores) workers, so on 2 cores they do), and every per-fold Spark step uses all cores.
     */
    public static Result run(Dataset<Row> data, FoldPlan plan, DatasetSchema schema, List<PipelineStage> featureStages,
                             List<Candidate> candidates, SelectionMetric metric) {
        return run(data, plan, schema, featureStages, candidates, metric, Evaluations.of(schema, null), 1);
    }

    /**
     * As above, each candidate scored on each fold by {@code evaluator}; up to {@code parallelism}
     * candidates of a fold are fitted at once (threads submitting Spark jobs, as Spark's CrossValidator does).
     */
    public static Result run(Dataset<Row> data, FoldPlan plan, DatasetSchema schema, List<PipelineStage> featureStages,
                             List<Candidate> candidates, SelectionMetric metric, Evaluations.Evaluator evaluator,
                             int parallelism) {
        long started = System.nanoTime();
        List<Dataset<Row>> caches = new ArrayList<>();
        Dataset<Row> cached = cachedSpread(data, data.sparkSession().sparkContext().defaultParallelism(), caches);
        List<List<Scores>> scores = new ArrayList<>();
        candidates.forEach(c -> scores.add(new ArrayList<>()));
        List<Scores> baseline = new ArrayList<>();
        try {
            for (int fold = 0; fold < plan.folds(); fold++) {
                runFold(cached, fold, plan, featureStages, candidates, scores, new FoldJob(schema, evaluator,
                        parallelism));
                if (plan.timeOrdered() && Arrays.asList(data.columns()).contains(TimeSeriesFeatures.BASELINE)) {
                    baseline.add(RegressionMetrics.evaluate(cached.filter(plan.validation(fold)),
                            TimeSeriesFeatures.BASELINE));
                }
            }
        } finally {
            caches.forEach(Dataset::unpersist);
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
        LOG.info("cross-validation ({}): {} folds x {} candidates in {} s, best {}={} ({})", plan.describe(),
                plan.folds(), candidates.size(), format(seconds), metric.key(), format(best.mean()),
                best.candidate().describe());
        return new Result(results, best, metric, seconds, baseline);
    }

    /**
     * {@code data} cached in one partition per core, each about as large: as it comes when its
     * partitions already are (a stratified deal keeps the training split's), checked by counting
     * each partition's rows in the cache; else spread over the cores first (a window's partitions:
     * one per class, or Spark's shuffle partitions). The caches made are added to {@code caches}.
     */
    static Dataset<Row> cachedSpread(Dataset<Row> data, int cores, List<Dataset<Row>> caches) {
        // only a plan that moves no row between partitions can come as it is: asking any other for its partition
        // count would run its shuffles once more (adaptive execution plans them by running them)
        if (!inPlace(data.queryExecution().sparkPlan()) || data.select(col("*")).rdd().getNumPartitions() != cores) {
            Dataset<Row> spread = Columns.spread(data, cores).cache();
            caches.add(spread);
            return spread;
        }
        Dataset<Row> cached = data.cache();
        caches.add(cached);
        // a plan of its own, so that it reads the cache
        List<Long> sizes = cached.select(lit(1)).queryExecution().toRdd().toJavaRDD()
                .mapPartitions((FlatMapFunction<Iterator<InternalRow>, Long>) rows -> {
                    long n = 0;
                    for (; rows.hasNext(); rows.next()) {
                        n++;
                    }
                    return List.of(n).iterator();
                }).collect();
        long most = sizes.stream().mapToLong(Long::longValue).max().orElse(0);
        long least = sizes.stream().mapToLong(Long::longValue).min().orElse(0);
        if (sizes.size() == cores && most - least <= most / 10) {
            return cached;
        }
        Dataset<Row> spread = Columns.spread(cached, cores).cache();
        caches.add(spread);
        return spread;
    }

    /** Whether {@code plan} keeps its rows in the partitions they come in: no step needs them redistributed. */
    private static boolean inPlace(SparkPlan plan) {
        if (plan instanceof ShuffleExchangeLike || plan instanceof UnionExec || plan instanceof CoalesceExec) {
            return false;
        }
        for (Distribution required : JavaConverters.seqAsJavaList(plan.requiredChildDistribution())) {
            if (required != UnspecifiedDistribution$.MODULE$) {
                return false;
            }
        }
        return JavaConverters.seqAsJavaList(plan.children()).stream().allMatch(CrossValidation::inPlace);
    }

    /** How a fold's candidates are evaluated, and how many at once. */
    private record FoldJob(DatasetSchema schema, Evaluations.Evaluator evaluator, int parallelism) {
    }

    private static void runFold(Dataset<Row> data, int fold, FoldPlan plan, List<PipelineStage> featureStages,
                                List<Candidate> candidates, List<List<Scores>> scores, FoldJob job) {
        DatasetSchema schema = job.schema();
        Dataset<Row> train = data.filter(plan.training(fold));
        Dataset<Row> valid = data.filter(plan.validation(fold));
        PipelineModel features = new Pipeline().setStages(featureStages.toArray(new PipelineStage[0])).fit(train);
        Column[] inputs = FeaturePipeline.modelInputs(schema).stream().map(c -> col(c)).toArray(Column[]::new);
        // a cache pays for its pass when the rows are read again: by several candidates, by a learner that
        // iterates, by an evaluator making several passes (the binary one keeps its scores); one XGBoost
        // candidate on a binary task reads each once, and caching them would be a pass of its own per fold
        boolean several = candidates.size() > 1;
        Dataset<Row> trainFeatures = cachedIf(several || !candidates.get(0).kind().readsInputOnce(),
                features.transform(train).select(inputs));
        Dataset<Row> validFeatures = cachedIf(several || schema.task() != Task.BINARY,
                features.transform(valid).select(inputs));
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(job.parallelism(), candidates.size()));
        try {
            List<Future<Scores>> pending = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                int index = i;
                pending.add(pool.submit(() -> {
                    long started = System.nanoTime();
                    Model<?> model = candidates.get(index).fit(List.of(), trainFeatures);
                    Scores score = job.evaluator().evaluate(model, trainFeatures, validFeatures);
                    LOG.info("fold {}/{} candidate {}/{} {}: {} in {} s", fold + 1, plan.folds(), index + 1,
                            candidates.size(), candidates.get(index).describe(), score.asMap(),
                            format((System.nanoTime() - started) / 1e9));
                    return score;
                }));
            }
            for (int i = 0; i < candidates.size(); i++) {
                scores.get(i).add(result(pending.get(i)));
            }
        } finally {
            pool.shutdownNow();
            trainFeatures.unpersist();
            validFeatures.unpersist();
        }
    }

    private static Dataset<Row> cachedIf(boolean cache, Dataset<Row> rows) {
        return cache ? rows.cache() : rows;
    }

    /** A candidate's scores; its failure rethrown as it was (a TrainyardException keeps its exit code). */
    private static Scores result(Future<Scores> pending) {
        try {
            return pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("cross-validation interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static CandidateResult summarize(Candidate candidate, List<Scores> folds, SelectionMetric metric) {
        double mean = folds.stream().mapToDouble(s -> s.get(metric)).average().orElse(Double.NaN);
        double squares = folds.stream().mapToDouble(s -> Math.pow(s.get(metric) - mean, 2)).sum();
        double std = folds.size() > 1 ? Math.sqrt(squares / (folds.size() - 1)) : 0.0;
        return new CandidateResult(candidate, List.copyOf(folds), mean, std);
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    /**
     * Which rows train and which validate in each fold.
     *
     * @param folds the number of folds
     * @param timeOrdered false: k-fold on {@link Splits#FOLD} 0..k-1; true: {@link Splits#FOLD} is a
     *     time block 0..k and fold f trains on blocks 0..f and validates on block f+1
     */
    public record FoldPlan(int folds, boolean timeOrdered) {
        public static FoldPlan kfold(int folds) {
            return new FoldPlan(folds, false);
        }

        public static FoldPlan expandingOrigin(int folds) {
            return new FoldPlan(folds, true);
        }

        Column training(int fold) {
            return timeOrdered ? col(Splits.FOLD).leq(fold) : col(Splits.FOLD).notEqual(fold);
        }

        Column validation(int fold) {
            return col(Splits.FOLD).equalTo(timeOrdered ? fold + 1 : fold);
        }

        String describe() {
            return timeOrdered ? "time-ordered, expanding origin" : "k-fold";
        }
    }
}
