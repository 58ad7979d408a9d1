package io.trainyard.jobs.tracking;

import io.trainyard.features.load.DatasetLoader;
import io.trainyard.features.load.LoadedDataset;
import io.trainyard.jobs.config.ConfigLoader;
import io.trainyard.jobs.config.TrainConfig;
import io.trainyard.serving.bundle.ModelBundle;
import io.trainyard.training.cv.Splits;
import io.trainyard.features.load.DatasetSchema;
import io.trainyard.training.metrics.Evaluations;
import io.trainyard.training.metrics.Scores;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Scores models on one holdout: the challenger's config is loaded from its bundle, its data read
 * again (or another path), and the holdout rows re-derived with the same seeded row hash the
 * training used. Because membership hashes each row's ids, a row held out now was held out for
 * every earlier model trained with the same seed and ids: the champion never trained on it. For
 * time-ordered configs the holdout is the latest rows, as in training; for a recommendation, each
 * user's hash-chosen interactions, ranked against the items the user rated in the training split.
 */
public final class HoldoutEvaluation {
    private final TrainConfig config;
    private final DatasetSchema schema;
    private final Dataset<Row> training;
    private final Dataset<Row> holdout;
    private final LoadedDataset data;

    private HoldoutEvaluation(TrainConfig config, LoadedDataset data, List<Dataset<Row>> split) {
        this.config = config;
        this.data = data;
        this.schema = data.schema();
        this.training = split.get(0);
        this.holdout = split.get(1).cache();
    }

    /** @param dataPath another data path to evaluate on, or null for the one the challenger trained on */
    public static HoldoutEvaluation of(SparkSession spark, ModelBundle challenger, String dataPath) {
        List<String> sets = new ArrayList<>();
        if (dataPath != null) {
            sets.add("data.path=" + dataPath);
        }
        TrainConfig config = ConfigLoader.load(challenger.dir().resolve("config.yaml"), sets).config();
        LoadedDataset data = new DatasetLoader(spark).loadForTraining(config.dataset());
        try {
            return new HoldoutEvaluation(config, data, split(config, data));
        } catch (RuntimeException e) {
            data.release();
            throw e;
        }
    }

    private static List<Dataset<Row>> split(TrainConfig config, LoadedDataset data) {
        List<Dataset<Row>> split;
        if (config.cv().timeOrdered()) {
            split = Splits.timeHoldout(data.frame(), config.split().holdoutFraction());
        } else if (config.recommendation() != null) {
            split = Splits.interactionHoldout(data.frame(), config.recommendation().userColumn(),
                    config.recommendation().itemColumn(), config.split().holdoutFraction(), config.split().seed());
        } else {
            split = Splits.holdout(data.frame(), Splits.keyColumns(data.schema()), config.split().holdoutFraction(),
                    config.split().seed());
        }
        return split;
    }

    public TrainConfig config() {
        return config;
    }

    /** The typed holdout rows (cached until {@link #release}). */
    public Dataset<Row> holdout() {
        return holdout;
    }

    public Scores score(ModelBundle bundle) {
        PipelineModel model = PipelineModel.load(bundle.sparkModelDir().toString());
        return Evaluations.of(schema, config.recommendation()).evaluate(model, training, holdout);
    }

    public void release() {
        holdout.unpersist();
        data.release();
    }
}
