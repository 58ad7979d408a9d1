package io.trainyard.scoring;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.trainyard.features.load.DatasetLoader;
import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.spec.Task;
import io.trainyard.serving.bundle.BundleManifest;
import io.trainyard.serving.bundle.ModelBundle;
import io.trainyard.serving.bundle.Signature;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Bulk scoring: verify the bundle, check the input against its signature, score on the
 * executors, and publish stamped Parquet atomically. Nothing is collected to the driver.
 *
 * <p>Output columns: the id columns, {@code prediction} (binary and multi-class: the predicted
 * label value, e.g. {@code yes}; regression: the predicted number), {@code probability} (binary:
 * of the positive class, the prediction applying the bundle's decision threshold; multi-class: of
 * the predicted class; none for regression), and the stamps {@code model_name},
 * {@code model_version}, {@code model_alias}, {@code run_id}, {@code scored_at}, {@code job_id}.
 * A recommendation bundle writes instead, per user of the input, its top N: user, {@code rank},
 * item, {@code score}, {@code source} ({@link RecommendationScorer}), and the same stamps.
 */
public final class ScoreJob {
    private static final Logger LOG = LogManager.getLogger(ScoreJob.class);

    private final SparkSession spark;

    public ScoreJob(SparkSession spark) {
        this.spark = spark;
    }

    public ScoreResult run(ScoreRequest request) {
        long started = System.nanoTime();
        ModelBundle bundle = ModelBundle.open(request.bundleDir());
        BundleManifest manifest = bundle.manifest();
        AtomicOutput output = new AtomicOutput(request.output(), request.jobId(),
                spark.sparkContext().hadoopConfiguration());
        output.checkOwnership(manifest.modelName());

        Signature signature = bundle.signature();
        Dataset<Row> predictions = predictions(bundle, request);
        Instant scoredAt = Instant.now();
        String version = request.version() != null ? request.version() : manifest.id();
        String runId = request.runId() != null ? request.runId() : manifest.runId();
        Dataset<Row> scored = stamp(predictions, signature, manifest.modelName(),
                new String[] {version, request.alias(), runId}, scoredAt, request.jobId());
        try {
            scored.write().mode(SaveMode.ErrorIfExists).parquet(output.staging().toString());
            long rows = output.stagedRows();
            output.publish(new OutputManifest(manifest.modelName(), manifest.modelName(), version, request.alias(),
                    runId, rows, request.input().path(), scoredAt.toString(), request.jobId()));
            double seconds = (System.nanoTime() - started) / 1e9;
            LOG.info("scored {} rows of {} with {} {} into {} in {} s", rows, request.input().path(),
                    manifest.modelName(), version, request.output(), String.format("%.1f", seconds));
            return new ScoreResult(request.output(), rows, manifest.modelName(), version, request.alias(), runId,
                    scoredAt.toString(), request.jobId(), seconds);
        } catch (RuntimeException e) {
            output.abandon();
            throw e;
        }
    }

    /** The model's output on the checked input: one row per input row, or a recommendation's top N per user. */
    private Dataset<Row> predictions(ModelBundle bundle, ScoreRequest request) {
        Signature signature = bundle.signature();
        if (Task.of(signature.task()) == Task.RECOMMENDATION) {
            return new RecommendationScorer(spark).recommend(bundle, request.input());
        }
        Dataset<Row> input = new DatasetLoader(spark).loadForScoring(request.input(), schemaOf(signature));
        return PipelineModel.load(bundle.sparkModelDir().toString()).transform(input);
    }

    static DatasetSchema schemaOf(Signature signature) {
        return new DatasetSchema(signature.columns(Signature.ROLE_ID), signature.columns(Signature.ROLE_CATEGORICAL),
                signature.columns(Signature.ROLE_NUMERIC), signature.label(), signature.positiveClass(),
                signature.negativeClass(), Task.of(signature.task()), signature.classes(), null,
                signature.columns(Signature.ROLE_TEXT));
    }

    /** The prediction (and probability) columns of the signature's task. */
    static List<Column> predictionColumns(Signature signature) {
        Column probabilities = org.apache.spark.ml.functions.vector_to_array(col("probability"), "float64");
        return switch (Task.of(signature.task())) {
            case BINARY -> {
                Column positive = probabilities.getItem(1);
                Column predicted = signature.threshold() == null ? col("prediction").equalTo(1.0)
                        : positive.geq(signature.threshold());
                yield List.of(when(predicted, lit(signature.positiveClass())).otherwise(lit(signature.negativeClass()))
                        .as("prediction"), positive.as("probability"));
            }
            case MULTICLASS -> {
                Column classes = array(signature.classes().stream().map(c -> lit(c)).toArray(Column[]::new));
                yield List.of(element_at(classes, col("prediction").cast("int").plus(1)).as("prediction"),
                        array_max(probabilities).as("probability"));
            }
            case REGRESSION -> List.of(col("prediction").cast("double").as("prediction"));
            case RECOMMENDATION -> List.of(quoted(signature.columns(Signature.ROLE_USER).get(0)), col("rank"),
                    quoted(signature.columns(Signature.ROLE_ITEM).get(0)), col("score"), col("source"));
        };
    }

    /** {@code identity}: version, alias, run id (the last two may be null). */
    private static Dataset<Row> stamp(Dataset<Row> predictions, Signature signature, String modelName,
                                      String[] identity, Instant scoredAt, String jobId) {
        List<Column> columns = new ArrayList<>();
        signature.columns(Signature.ROLE_ID).forEach(id -> columns.add(quoted(id)));
        columns.addAll(predictionColumns(signature));
        columns.add(lit(modelName).as("model_name"));
        columns.add(lit(identity[0]).as("model_version"));
        columns.add(lit(identity[1]).cast("string").as("model_alias"));
        columns.add(lit(identity[2]).cast("string").as("run_id"));
        columns.add(lit(Timestamp.from(scoredAt)).as("scored_at"));
        columns.add(lit(jobId).as("job_id"));
        return predictions.select(columns.toArray(new Column[0]));
    }

    private static Column quoted(String column) {
        return col("`" + column.replace("`", "``") + "`");
    }
}
