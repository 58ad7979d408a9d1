package io.trainyard.training.metrics;

import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.pipeline.FittedPipelines;
import io.trainyard.features.spec.RecommendationSpec;
import io.trainyard.features.spec.Task;
import io.trainyard.training.model.ModelFamily;
import java.util.Arrays;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The evaluation of a task's predictions: binary, multi-class, regression or recommendation metrics. */
public final class Evaluations {
    private Evaluations() {
    }

    /**
     * Scores a fitted model on validation rows. {@code train} are the rows it was fitted on: a
     * recommender must not be credited for recommending what a user already rated.
     */
    @FunctionalInterface
    public interface Evaluator {
        Scores evaluate(Model<?> model, Dataset<Row> train, Dataset<Row> valid);
    }

    /** The evaluator of the schema's task; {@code recommendation} is needed for that task only. */
    public static Evaluator of(DatasetSchema schema, RecommendationSpec recommendation) {
        if (schema.task() == Task.RECOMMENDATION) {
            return recommendation(recommendation);
        }
        return (model, train, valid) -> schema.task() == Task.BINARY
                ? BinaryMetrics.evaluateCaching(binaryScored(model, valid))
                : evaluate(schema, FittedPipelines.transform(model, valid));
    }

    /**
     * A binary model's {@link BinaryMetrics#scored} rows (positive-class probability, label,
     * prediction) of {@code rows}: straight from the booster for an XGBoost classifier reading stored
     * entries ({@code FittedPipelines.binaryScores}: the same numbers without the columns no metric
     * reads), else from the model's transform.
     */
    public static Dataset<Row> binaryScored(Model<?> model, Dataset<Row> rows) {
        Dataset<Row> direct = FittedPipelines.binaryScores(model, rows, DatasetSchema.LABEL, BinaryMetrics.SCORE,
                ModelFamily.PREDICTION);
        return direct != null ? direct : BinaryMetrics.scored(FittedPipelines.transform(model, rows));
    }

    /** A recommender's evaluator: rating errors and top-k ranking of held-out interactions. */
    public static Evaluator recommendation(RecommendationSpec spec) {
        return (model, train, valid) -> RecommendationMetrics.evaluate(als(model), prepared(model, train),
                prepared(model, valid), spec);
    }

    /** Evaluates a model's predictions (label, prediction and, for classifiers, the probability vector). */
    public static Scores evaluate(DatasetSchema schema, Dataset<Row> predictions) {
        return switch (schema.task()) {
            case BINARY -> BinaryMetrics.evaluate(predictions);
            case MULTICLASS -> MulticlassMetrics.evaluate(predictions, schema.classes());
            case REGRESSION -> RegressionMetrics.evaluate(predictions);
            case RECOMMENDATION -> throw new IllegalArgumentException(
                    "a recommendation is evaluated with its training interactions: use Evaluations.of");
        };
    }

    /** The ALS model at the end of a fitted pipeline (or the model itself). */
    static ALSModel als(Model<?> model) {
        Transformer last = model instanceof PipelineModel pipeline ? pipeline.stages()[pipeline.stages().length - 1]
                : model;
        if (!(last instanceof ALSModel als)) {
            throw new IllegalArgumentException("a recommendation model must end with ALS, found "
                    + last.getClass().getSimpleName());
        }
        return als;
    }

    /** The rows through every stage of the pipeline but the last: the user and item indexes ALS reads. */
    static Dataset<Row> prepared(Model<?> model, Dataset<Row> rows) {
        if (!(model instanceof PipelineModel pipeline)) {
            return rows;
        }
        Dataset<Row> out = rows;
        for (Transformer stage : Arrays.asList(pipeline.stages()).subList(0, pipeline.stages().length - 1)) {
            out = stage.transform(out);
        }
        return out;
    }
}
