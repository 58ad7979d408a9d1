package io.trainyard.training;

import io.trainyard.features.load.DatasetLoader;
import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.load.LoadedDataset;
import io.trainyard.features.pipeline.FeaturePipeline;
import io.trainyard.training.bundle.BundleWriter;
import io.trainyard.training.cv.CrossValidation;
import io.trainyard.training.cv.Splits;
import io.trainyard.training.metrics.BinaryMetrics;
import io.trainyard.training.metrics.BinaryScores;
import io.trainyard.training.metrics.Curves;
import io.trainyard.training.model.Candidate;
import io.trainyard.training.model.ModelCatalogue;
import io.trainyard.training.model.ModelFamily;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The training job: load and check the data, hold out rows, cross-validate every candidate,
 * refit the winner on the whole training split, evaluate it once on the holdout, and publish a
 * model bundle. Params are validated before the first Spark job.
 */
public final class Trainer {
    private static final Logger LOG = LogManager.getLogger(Trainer.class);

    private final SparkSession spark;

    public Trainer(SparkSession spark) {
        this.spark = spark;
    }

    public TrainResult train(TrainRequest request) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        long started = System.nanoTime();
        List<Candidate> candidates = ModelCatalogue.candidates(request.models(),
                new ModelFamily.FamilyContext(request.split().seed(), spark.sparkContext().defaultParallelism()));

        LoadedDataset data = new DatasetLoader(spark).loadForTraining(request.dataset());
        DatasetSchema schema = data.schema();
        List<String> keys = Splits.keyColumns(schema);
        List<Dataset<Row>> split = Splits.holdout(data.frame(), keys, request.split().holdoutFraction(),
                request.split().seed());
        Dataset<Row> training = Splits.assignFolds(split.get(0), keys, request.cv().folds(), request.cv().stratified(),
                request.split().seed());
        seconds.put("load", lap(started));

        long phase = System.nanoTime();
        List<PipelineStage> featureStages = FeaturePipeline.stages(schema, request.dataset().features().missing());
        CrossValidation.Result cv = CrossValidation.run(training, request.cv().folds(), featureStages, candidates,
                request.cv().selectionMetric());
        seconds.put("cv", lap(phase));

        phase = System.nanoTime();
        Dataset<Row> trainRows = split.get(0).cache();
        PipelineModel model = refit(trainRows, featureStages, cv.best().candidate());
        long trainCount = trainRows.count();
        seconds.put("refit", lap(phase));

        phase = System.nanoTime();
        Dataset<Row> holdoutRows = split.get(1).cache();
        Dataset<Row> scored = BinaryMetrics.scored(model.transform(holdoutRows)).cache();
        BinaryScores holdout;
        Curves curves;
        try {
            holdout = BinaryMetrics.evaluateScored(scored);
            curves = Curves.of(scored);
        } finally {
            scored.unpersist();
        }
        LOG.info("holdout: {} rows, auc={} pr-auc={} log-loss={}", holdout.rows(), holdout.auc(), holdout.prAuc(),
                holdout.logLoss());
        seconds.put("evaluate", lap(phase));

        phase = System.nanoTime();
        Path holdoutDir = request.outputDir().resolve("holdout");
        BundleWriter.writeHoldout(holdoutRows.drop(DatasetSchema.LABEL), holdoutDir);
        trainRows.unpersist();
        holdoutRows.unpersist();
        Path bundleDir = request.outputDir().resolve("model");
        TrainResult partial = new TrainResult(request.name(), bundleDir, null, holdoutDir, data.rows(), trainCount,
                holdout.rows(), cv, holdout, seconds);
        String bundleId = new BundleWriter(request, data, model, curves).publish(partial, bundleDir);
        seconds.put("write", lap(phase));
        seconds.put("total", lap(started));
        return new TrainResult(request.name(), bundleDir, bundleId, holdoutDir, data.rows(), trainCount,
                holdout.rows(), cv, holdout, seconds);
    }

    /** Fits features and the winning candidate on all training rows, as one flat pipeline. */
    static PipelineModel refit(Dataset<Row> train, List<PipelineStage> featureStages, Candidate best) {
        List<PipelineStage> stages = new ArrayList<>(featureStages);
        stages.addAll(List.of(best.stages()));
        return new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(train);
    }

    private static double lap(long startedNanos) {
        return Math.round((System.nanoTime() - startedNanos) / 1e8) / 10.0;
    }
}
