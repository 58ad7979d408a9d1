package io.trainyard.training;

import io.trainyard.common.TrainyardException;
import io.trainyard.features.drift.DriftProfile;
import io.trainyard.features.drift.DriftProfiler;
import io.trainyard.features.load.DatasetLoader;
import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.load.LoadedDataset;
import io.trainyard.features.pipeline.FeaturePipeline;
import io.trainyard.features.pipeline.FittedPipelines;
import io.trainyard.features.spec.DatasetSpec;
import io.trainyard.features.spec.Task;
import io.trainyard.training.bundle.BundleWriter;
import io.trainyard.training.cv.CrossValidation;
import io.trainyard.training.cv.Splits;
import io.trainyard.training.cv.ThresholdSelection;
import io.trainyard.training.metrics.DecisionThreshold;
import io.trainyard.training.metrics.Evaluations;
import io.trainyard.training.metrics.HoldoutEvaluation;
import io.trainyard.training.model.Candidate;
import io.trainyard.training.model.ModelCatalogue;
import io.trainyard.training.model.ModelFamily;
import io.trainyard.training.recommend.Popularity;
import io.trainyard.training.spec.CvSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.ImputerModel;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The training job: load and check the data, hold out rows, cross-validate every candidate,
 * refit the winner on the whole training split, evaluate it once on the holdout, and publish a
 * model bundle. Binary, multi-class and regression tasks; k-fold or time-ordered folds. Params,
 * metric and task are validated before the first Spark job.
 */
public final class Trainer {
    private static final Logger LOG = LogManager.getLogger(Trainer.class);

    private final SparkSession spark;
    private PipelineCheck pipelineCheck = (features, candidates, task) -> { };

    public Trainer(SparkSession spark) {
        this.spark = spark;
    }

    /** Runs {@code check} on the pipelines once the schema is known, before any fit. */
    public Trainer withPipelineCheck(PipelineCheck check) {
        this.pipelineCheck = check;
        return this;
    }

    /** The checked shape of a run, settled before any Spark job. */
    private record Plan(DatasetSpec dataset, CvSpec cv, CrossValidation.FoldPlan folds, List<Candidate> candidates) {
    }

    public TrainResult train(TrainRequest request) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        long started = System.nanoTime();
        Plan plan = plan(request);
        LoadedDataset data = new DatasetLoader(spark).loadForTraining(plan.dataset());
        try {
            return train(request, plan, data, seconds, started);
        } finally {
            data.release();
        }
    }

    private TrainResult train(TrainRequest request, Plan plan, LoadedDataset data, Map<String, Double> seconds,
                              long started) {
        DatasetSchema schema = data.schema();
        pipelineCheck.check(FeaturePipeline.stages(schema, plan.dataset().features()), plan.candidates(),
                schema.task());
        List<Dataset<Row>> split = split(data, request, plan);
        // the typed training rows, kept for the imputer, the fold assignment, the refit and the drift profile:
        // each would otherwise cast the raw text and hash every row for the holdout filter again
        Dataset<Row> trainRows = split.get(0).cache();
        try {
            return train(request, plan, data, split.get(1), trainRows, seconds, started);
        } finally {
            trainRows.unpersist();
        }
    }

    private TrainResult train(TrainRequest request, Plan plan, LoadedDataset data, Dataset<Row> heldOut,
                              Dataset<Row> trainRows, Map<String, Double> seconds, long started) {
        DatasetSchema schema = data.schema();
        Dataset<Row> training = folds(trainRows, schema, plan, request.split().seed());
        seconds.put("load", lap(started));

        long phase = System.nanoTime();
        // the numeric features' deciles on the training split: the drift profile's bin edges, and the median imputer's
        // surrogates (one quantile pass instead of two)
        double[][] deciles = DriftProfiler.deciles(trainRows, schema.numeric());
        List<PipelineStage> featureStages = imputedOnce(FeaturePipeline.stages(schema, plan.dataset().features()), data,
                trainRows, deciles);
        CrossValidation.Result cv = CrossValidation.run(training, plan.folds(), schema, featureStages,
                plan.candidates(), plan.cv().selectionMetric(), Evaluations.of(schema, plan.dataset().recommendation()),
                plan.cv().parallelism());
        DecisionThreshold threshold = request.threshold() == null ? null
                : ThresholdSelection.choose(training, plan.folds(), featureStages, cv.best().candidate(),
                        request.threshold());
        seconds.put("cv", lap(phase));

        phase = System.nanoTime();
        PipelineModel model = refit(trainRows, featureStages, cv.best().candidate());
        long trainCount = trainRows.count();
        seconds.put("refit", lap(phase));
        DriftProfile driftProfile = profile(trainRows, schema, model, deciles);

        phase = System.nanoTime();
        Dataset<Row> holdoutRows = heldOut.cache();
        HoldoutEvaluation holdout;
        long[] confusionAtThreshold = null;
        if (schema.task() == Task.RECOMMENDATION) {
            holdout = HoldoutEvaluation.recommendation(model, trainRows, holdoutRows, plan.dataset().recommendation());
        } else if (schema.task() == Task.BINARY) {
            Dataset<Row> scored = Evaluations.binaryScored(model, holdoutRows).cache();
            try {
                holdout = HoldoutEvaluation.binaryScored(scored);
                if (threshold != null) {
                    confusionAtThreshold = ThresholdSelection.confusion(scored, threshold.threshold());
                    threshold = atHoldout(threshold, confusionAtThreshold);
                }
            } finally {
                scored.unpersist();
            }
        } else {
            holdout = HoldoutEvaluation.of(schema, FittedPipelines.transform(model, holdoutRows));
        }
        LOG.info("holdout: {} rows, {}{}", holdout.scores().rows(), holdout.scores().asMap(),
                holdout.baseline() == null ? "" : "; baseline " + holdout.baseline().asMap());
        seconds.put("evaluate", lap(phase));

        phase = System.nanoTime();
        Path holdoutDir = request.outputDir().resolve("holdout");
        BundleWriter.writeHoldout(holdoutRows.drop(DatasetSchema.LABEL), holdoutDir);
        BundleWriter writer = new BundleWriter(request, data, model, holdout);
        if (schema.task() == Task.RECOMMENDATION) {
            writer.withRecommendations(Popularity.policy(trainRows, plan.dataset().recommendation()));
        }
        holdoutRows.unpersist();
        Path bundleDir = request.outputDir().resolve("model");
        TrainResult partial = new TrainResult(request.name(), bundleDir, null, holdoutDir, data.rows(), trainCount,
                holdout.scores().rows(), cv, holdout.scores(), seconds, schema.task(), holdout.baseline(), threshold);
        if (confusionAtThreshold != null) {
            writer.confusionAt(threshold.threshold(), confusionAtThreshold);
        }
        String bundleId = writer.driftProfile(driftProfile).publish(partial, bundleDir);
        seconds.put("write", lap(phase));
        seconds.put("total", lap(started));
        return new TrainResult(request.name(), bundleDir, bundleId, holdoutDir, data.rows(), trainCount,
                holdout.scores().rows(), cv, holdout.scores(), seconds, schema.task(), holdout.baseline(), threshold);
    }

    /** Task, metric, folds, time column, threshold and every candidate, checked before any Spark job. */
    private Plan plan(TrainRequest request) {
        DatasetSpec dataset = request.dataset();
        Task task = dataset.task();
        CvSpec cv;
        try {
            cv = request.cv().forTask(task);
        } catch (IllegalArgumentException e) {
            throw TrainyardException.usage("cv.metric: " + e.getMessage());
        }
        if (request.threshold() != null && task != Task.BINARY) {
            throw TrainyardException.usage("threshold: a decision threshold applies to task binary only, found task "
                    + task.key() + "; remove the threshold section");
        }
        if (cv.timeOrdered() && dataset.timeColumn() == null) {
            dataset = new DatasetSpec(dataset.data(), dataset.label(), dataset.idColumns(), dataset.features(), task,
                    cv.timeColumn());
        }
        if (task == Task.RECOMMENDATION && cv.timeOrdered()) {
            throw TrainyardException.usage("cv.strategy: a recommendation holds out interactions per user; time-ordered"
                    + " folds do not apply, use cv.strategy: kfold");
        }
        if (dataset.timeColumn() != null && !cv.timeOrdered()) {
            throw TrainyardException.usage("cv.strategy: a time series (time column '" + dataset.timeColumn()
                    + "') must be validated in time order; set cv.strategy: time");
        }
        List<Candidate> candidates = ModelCatalogue.candidates(request.models(),
                new ModelFamily.FamilyContext(request.split().seed(), spark.sparkContext().defaultParallelism(), task));
        CrossValidation.FoldPlan folds = cv.timeOrdered() ? CrossValidation.FoldPlan.expandingOrigin(cv.folds())
                : CrossValidation.FoldPlan.kfold(cv.folds());
        return new Plan(dataset, cv, folds, candidates);
    }

    private static List<Dataset<Row>> split(LoadedDataset data, TrainRequest request, Plan plan) {
        if (plan.folds().timeOrdered()) {
            return Splits.timeHoldout(data.frame(), request.split().holdoutFraction());
        }
        if (data.schema().task() == Task.RECOMMENDATION) {
            List<String> ids = data.schema().idColumns();
            return Splits.interactionHoldout(data.frame(), ids.get(0), ids.get(1), request.split().holdoutFraction(),
                    request.split().seed());
        }
        return Splits.holdout(data.frame(), Splits.keyColumns(data.schema()), request.split().holdoutFraction(),
                request.split().seed());
    }

    /**
     * Time blocks; one seeded train/validation split; each user's interactions dealt over the folds
     * (recommendation); else k-fold, stratified for classes.
     */
    private static Dataset<Row> folds(Dataset<Row> training, DatasetSchema schema, Plan plan, long seed) {
        if (plan.folds().timeOrdered()) {
            return Splits.assignTimeBlocks(training, plan.cv().folds());
        }
        if (plan.cv().trainValidation()) {
            return Splits.assignTrainValidation(training, schema.task() == Task.RECOMMENDATION ? schema.idColumns()
                    : Splits.keyColumns(schema), plan.cv().trainRatio(), seed);
        }
        if (schema.task() == Task.RECOMMENDATION) {
            return Splits.assignFoldsWithin(training, schema.idColumns(), plan.cv().folds(), schema.idColumns().get(0),
                    seed);
        }
        return Splits.assignFolds(training, Splits.keyColumns(schema), plan.cv().folds(),
                plan.cv().stratified() && schema.task().classification(), seed);
    }

    private static DecisionThreshold atHoldout(DecisionThreshold chosen, long[] confusion) {
        long tp = confusion[0];
        double precision = tp + confusion[1] == 0 ? 0.0 : (double) tp / (tp + confusion[1]);
        double recall = tp + confusion[3] == 0 ? 0.0 : (double) tp / (tp + confusion[3]);
        LOG.info("holdout at threshold {}: precision {} recall {}", chosen.threshold(), precision, recall);
        return new DecisionThreshold(chosen.target(), chosen.goal(), chosen.threshold(), chosen.foldThresholds(),
                precision, recall);
    }

    /** The training rows' distribution of every numeric and categorical feature, for drift checks at scoring. */
    private static DriftProfile profile(Dataset<Row> trainRows, DatasetSchema schema, PipelineModel model,
                                        double[][] deciles) {
        long started = System.nanoTime();
        Map<String, List<String>> categories = new LinkedHashMap<>();
        BundleWriter.categories(model).forEach((column, values) -> {
            if (schema.categorical().contains(column)) {
                categories.put(column, values);
            }
        });
        DriftProfile profile = DriftProfiler.profile(trainRows, schema.numeric(), deciles, categories);
        LOG.info("drift profile: {} features over {} training rows in {} s", profile.features().size(), profile.rows(),
                lap(started));
        return profile;
    }

    /**
     * {@code stages} with the imputer fitted once, on the training split, when the data holds no
     * numeric gap (and no derived or time feature that could make one): it then changes no value a
     * fold sees, and the refit would fit it on the same rows; else each fold fits its own. A median
     * imputer takes its medians from {@code deciles} ({@link DriftProfiler#deciles} of the same
     * rows: Spark's own quantile summary at the imputer's relative error, so the same values its fit
     * would compute, without its pass over the data).
     */
    static List<PipelineStage> imputedOnce(List<PipelineStage> stages, LoadedDataset data, Dataset<Row> training,
                                           double[][] deciles) {
        DatasetSchema schema = data.schema();
        if (!data.missingCounts().isEmpty() || schema.timeColumn() != null) {
            return stages;
        }
        List<PipelineStage> fitted = new ArrayList<>(stages);
        for (int i = 0; i < fitted.size(); i++) {
            if (fitted.get(i) instanceof Imputer imputer
                    && Set.of(imputer.getInputCols()).equals(Set.copyOf(schema.numeric()))) {
                ImputerModel medians = medians(imputer, schema.numeric(), deciles, training.sparkSession());
                fitted.set(i, medians != null ? medians : imputer.fit(training));
            }
        }
        return fitted;
    }

    /**
     * The model Spark's {@code Imputer.fit} makes for a median {@code imputer} (a one-row frame of
     * surrogates, one double column per input, and the imputer's params), from {@code deciles} of
     * {@code numeric}; null when the imputer is not a median one at the deciles' relative error, or a
     * median is missing.
     */
    private static ImputerModel medians(Imputer imputer, List<String> numeric, double[][] deciles, SparkSession spark) {
        if (!"median".equals(imputer.getStrategy()) || imputer.getRelativeError() != DriftProfiler.RELATIVE_ERROR
                || !Double.isNaN(imputer.getMissingValue()) || deciles.length != numeric.size()) {
            return null;
        }
        String[] inputs = imputer.getInputCols();
        Object[] surrogates = new Object[inputs.length];
        StructType schema = new StructType();
        for (int i = 0; i < inputs.length; i++) {
            double[] columnDeciles = deciles[numeric.indexOf(inputs[i])];
            if (columnDeciles.length <= DriftProfiler.MEDIAN || Double.isNaN(columnDeciles[DriftProfiler.MEDIAN])) {
                return null;
            }
            surrogates[i] = columnDeciles[DriftProfiler.MEDIAN];
            schema = schema.add(inputs[i], DataTypes.DoubleType, false);
        }
        Dataset<Row> surrogate = spark.createDataFrame(List.of(RowFactory.create(surrogates)), schema);
        ImputerModel model = new ImputerModel(imputer.uid(), surrogate);
        model.setParent(imputer);
        return (ImputerModel) imputer.copyValues(model, ParamMap.empty());
    }

    /** Fits features and the winning candidate on all training rows, as one flat pipeline. */
    static PipelineModel refit(Dataset<Row> train, List<PipelineStage> featureStages, Candidate best) {
        return best.fit(featureStages, train);
    }

    private static double lap(long startedNanos) {
        return Math.round((System.nanoTime() - startedNanos) / 1e8) / 10.0;
    }
}
