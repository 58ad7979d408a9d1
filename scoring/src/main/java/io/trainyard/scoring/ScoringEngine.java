package io.trainyard.scoring;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The step that turns typed input rows into predictions; everything around it (resolving,
 * checking, auditing, stamping, publishing) is the engine-independent {@link ScoreJob}. Spark's
 * own pipeline is one engine; ONNX Runtime or a recommender's top-N can be others.
 */
public interface ScoringEngine {
    /** A short name for logs and manifests, e.g. {@code spark}. */
    String name();

    /**
     * The id columns of {@code rows} followed by the prediction columns of the model's task
     * (lazily: nothing runs until the job writes).
     */
    Dataset<Row> score(Dataset<Row> rows);
}
