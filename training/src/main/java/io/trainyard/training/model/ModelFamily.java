package io.trainyard.training.model;

import io.trainyard.features.spec.Task;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.types.StructType;

/** A kind of model the catalogue can train: its estimator per task with trainyard's wiring and defaults. */
public interface ModelFamily {
    /** Column of the predicted class index (classification) or value (regression). */
    String PREDICTION = "prediction";
    /** Column of the class probability vector. */
    String PROBABILITY = "probability";
    /** Column of the raw margins. */
    String RAW_PREDICTION = "_raw";

    /** The config name, e.g. {@code xgboost}. */
    String name();

    /** The tasks this family can learn. */
    List<Task> tasks();

    /** A fresh estimator for the context's task, reading the feature vector and label, with the family's defaults set. */
    Estimator<?> prototype(FamilyContext context);

    /**
     * Stages the fitted model runs its input through, between the shared features and itself, when it
     * predicts; the rows it is fitted on do not pass through them.
     */
    default List<PipelineStage> beforePrediction() {
        return List.of();
    }

    /**
     * The estimator adjusted to the rows it is about to be fitted on ({@code schema} holds the feature
     * vector and its ML attributes); by default as it is.
     */
    default Estimator<?> forInput(Estimator<?> estimator, StructType schema) {
        return estimator;
    }

    /**
     * True when fitting reads the rows once (XGBoost copies them into its own matrix in one pass);
     * Spark ML's learners make a pass per iteration or tree level, so caching their input pays.
     */
    default boolean readsInputOnce() {
        return false;
    }

    /**
     * What a family may know of the job.
     *
     * @param seed the training seed
     * @param parallelism Spark's default parallelism (task slots)
     * @param task what is learnt
     */
    record FamilyContext(long seed, int parallelism, Task task) {
        public FamilyContext(long seed, int parallelism) {
            this(seed, parallelism, Task.BINARY);
        }

        public FamilyContext {
            task = task == null ? Task.BINARY : task;
        }
    }
}
