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
import io.trainyard.scoring.onnx.OnnxScoring;
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
 * executors, and publish stamped Parquet atomically. Nothing is collected to the driver. The
 * predictions come from Spark's pipeline or, with {@link ScoringEngine#ONNX}, from the bundle's
 * exported graph ({@link OnnxScoring}); columns and stamps are the same.
 *
 * <p>Output columns: the id columns, {@code prediction} (binary and multi-class: the predicted
 * label value, e.g. {@code yes}; regression: the predicted number), {@code probability} (binary:
 * of the positive class, the prediction applying the bundle's decision threshold; multi-class: of
 * the predicted class; none for regression), and the stamps {@code model_name},
 * {@code model_version}, {@code model_alias}, {@code run_id}, {@code scored_at}, {@code job_id}.
 */
public final class ScoreJob {
    private static final Logger LOG = LogManager.getLogger(ScoreJob.class);

    private final SparkSession spark;
    private final ScoringEngine engine;

    public ScoreJob(SparkSession spark) {
        this(spark, ScoringEngine.SPARK);
    }

    public ScoreJob(SparkSession spark, ScoringEngine engine) {
        this.spark = spark;
        this.engine = engine;
    }

    public ScoreResult run(ScoreRequest request) {
        long started = System.nanoTime();
        ModelBundle bundle = ModelBundle.open(request.bundleDir());
        BundleManifest manifest = bundle.manifest();
        AtomicOutput output = new AtomicOutput(request.output(), request.jobId(),
                spark.sparkContext().hadoopConfiguration());
        output.checkOwnership(manifest.modelName());

        Signature signature = bundle.signature();
        String version = request.version() != null ? request.version() : manifest.id();
        byte[] graph = engine == ScoringEngine.ONNX ? OnnxScoring.graphOf(bundle, modelRef(request, manifest)) : null;
        Dataset<Row> input = new DatasetLoader(spark).loadForScoring(request.input(), schemaOf(signature));
        Dataset<Row> predictions = graph != null ? OnnxScoring.transform(input, graph, signature)
                : PipelineModel.load(bundle.sparkModelDir().toString()).transform(input);
        Instant scoredAt = Instant.now();
        String runId = request.runId() != null ? request.runId() : manifest.runId();
        Dataset<Row> scored = stamp(predictions, signature, manifest.modelName(),
                new String[] {version, request.alias(), runId}, scoredAt, request.jobId());
        try {
            scored.write().mode(SaveMode.ErrorIfExists).parquet(output.staging().toString());
            long rows = output.stagedRows();
            output.publish(new OutputManifest(manifest.modelName(), manifest.modelName(), version, request.alias(),
                    runId, rows, request.input().path(), scoredAt.toString(), request.jobId()));
            double seconds = (System.nanoTime() - started) / 1e9;
            LOG.info("scored {} rows of {} with {} {} ({} engine) into {} in {} s", rows, request.input().path(),
                    manifest.modelName(), version, engine.key(), request.output(), String.format("%.1f", seconds));
            return new ScoreResult(request.output(), rows, manifest.modelName(), version, request.alias(), runId,
                    scoredAt.toString(), request.jobId(), seconds);
        } catch (RuntimeException e) {
            output.abandon();
            throw e;
        }
    }

    /** The model as the user named it: {@code name@alias}, {@code name/version} or the bundle folder. */
    private static String modelRef(ScoreRequest request, BundleManifest manifest) {
        if (request.alias() != null) {
            return manifest.modelName() + "@" + request.alias();
        }
        if (request.version() != null && !request.version().equals(manifest.id())) {
            return manifest.modelName() + "/" + request.version();
        }
        return request.bundleDir().toString();
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
        };
    }

    /** {@code identity}: version, alias, run id (the last two may be null). */
    private static Dataset<Row> stamp(Dataset<Row> predictions, Signature signature, String modelName,
                                      String[] identity, Instant scoredAt, String jobId) {
        List<Column> columns = new ArrayList<>();
        signature.columns(Signature.ROLE_ID).forEach(id -> columns.add(col("`" + id.replace("`", "``") + "`")));
        columns.addAll(predictionColumns(signature));
        columns.add(lit(modelName).as("model_name"));
        columns.add(lit(identity[0]).as("model_version"));
        columns.add(lit(identity[1]).cast("string").as("model_alias"));
        columns.add(lit(identity[2]).cast("string").as("run_id"));
        columns.add(lit(Timestamp.from(scoredAt)).as("scored_at"));
        columns.add(lit(jobId).as("job_id"));
        return predictions.select(columns.toArray(new Column[0]));
    }
}
