package io.trainyard.training.model;

import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.PipelineStage;

/** A kind of model the catalogue can train: its estimator with trainyard's wiring and defaults. */
public interface ModelFamily {
    /** Column of the predicted class index (0.0 / 1.0). */
    String PREDICTION = "prediction";
    /** Column of the class probability vector. */
    String PROBABILITY = "probability";
    /** Column of the raw margins. */
    String RAW_PREDICTION = "_raw";

    /** The config name, e.g. {@code xgboost}. */
    String name();

    /** A fresh estimator reading the feature vector and label, with the family's defaults set. */
    Estimator<?> prototype(FamilyContext context);

    /** Stages the model needs between the shared features and itself. */
    default List<PipelineStage> preparation() {
        return List.of();
    }

    /**
     * What a family may know of the job.
     *
     * @param seed the training seed
     * @param parallelism Spark's default parallelism (task slots)
     */
    record FamilyContext(long seed, int parallelism) {
    }
}
