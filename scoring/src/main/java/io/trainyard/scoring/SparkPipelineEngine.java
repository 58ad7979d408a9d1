package io.trainyard.scoring;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.trainyard.common.TrainyardException;
import io.trainyard.features.load.Columns;
import io.trainyard.features.pipeline.FittedPipelines;
import io.trainyard.features.spec.Task;
import io.trainyard.serving.bundle.ModelBundle;
import io.trainyard.serving.bundle.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Scores with the bundle's Spark {@code PipelineModel}, loaded once per job: binary and
 * multi-class rows get the predicted label value and its probability (binary: of the positive
 * class, thresholded with the bundle's decision threshold), regression rows the predicted number.
 *
 * <p>The model computes only the columns the output reads: a Spark or XGBoost classifier's
 * raw-prediction vector is never asked for (its prediction comes from the probability instead, the
 * same argmax), nor its prediction when the bundle's threshold decides the label. Each vector column
 * costs a serialized vector per row: for a 20-tree GBT, ~0.4 s of ~6.5 s on 3M rows
 * ({@code scripts/bench/LeanTransform.java}); XGBoost also predicts each batch once instead of twice.
 *
 * <p>When the pipeline ends in vector assembly (after one-hot encoding or not) and one of Spark's
 * own logistic or linear regression, tree, tree-ensemble or perceptron models (generalized linear
 * regression and XGBoost are not among them), those stages run fused, one function per row
 * ({@link FusedTail}): the same scores without a serialized vector between stages. Setting
 * {@value #FUSED} to {@code false} runs Spark's transform instead.
 */
public final class SparkPipelineEngine implements ScoringEngine {
    /** Spark setting that turns the fused tail off ({@code false}): every stage runs as Spark's transform. */
    public static final String FUSED = "spark.trainyard.scoring.fused";
    private static final Logger LOG = LogManager.getLogger(SparkPipelineEngine.class);

    private final PipelineModel model;
    private final Signature signature;
    private final FusedTail fused;

    public SparkPipelineEngine(ModelBundle bundle) {
        this.model = PipelineModel.load(bundle.sparkModelDir().toString());
        this.signature = bundle.signature();
        lean(model, signature);
        this.fused = FusedTail.of(model);
    }

    /**
     * Leaves out the last stage's columns the output does not read, for Spark's own classifiers and
     * XGBoost4J-Spark's (which otherwise predicts every batch twice, the margins for the raw vector
     * and the probabilities, and takes its prediction from the probabilities either way).
     */
    static void lean(PipelineModel model, Signature signature) {
        Transformer[] stages = model.stages();
        if (stages.length == 0) {
            return;
        }
        Transformer last = stages[stages.length - 1];
        if (!(last instanceof ProbabilisticClassificationModel<?, ?> classifier)
                || !(classifier.getClass().getName().startsWith("org.apache.spark.ml.")
                        || classifier instanceof XGBoostClassificationModel)) {
            return;
        }
        classifier.set(classifier.rawPredictionCol(), "");
        if (thresholded(signature)) {
            classifier.set(classifier.predictionCol(), "");
        }
    }

    /** Whether the bundle's decision threshold, not the model's prediction, picks a binary label. */
    private static boolean thresholded(Signature signature) {
        return Task.of(signature.task()) == Task.BINARY && signature.threshold() != null;
    }

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public Dataset<Row> score(Dataset<Row> rows) {
        List<String> ids = signature.columns(Signature.ROLE_ID);
        List<Column> columns = new ArrayList<>();
        ids.forEach(id -> columns.add(col(Columns.quote(id))));
        if (fused != null && fusedOn(rows.sparkSession().conf().get(FUSED, "true"))) {
            LOG.info("scoring: {} in one function per row ({} false for Spark's transform)", fused, FUSED);
            columns.addAll(predictionColumns(signature, col("probability")));
            return fused.score(model, rows, ids, !thresholded(signature)).select(columns.toArray(new Column[0]));
        }
        columns.addAll(predictionColumns(signature));
        return FittedPipelines.transform(model, rows).select(columns.toArray(new Column[0]));
    }

    /** The {@value #FUSED} setting: true or false, anything else refused (exit 2) rather than read as false. */
    static boolean fusedOn(String setting) {
        return switch (setting.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw TrainyardException.usage(FUSED + "=" + setting + " is not true or false; set it to"
                    + " true (the default: the last stages fused) or false (Spark's transform, stage by stage)");
        };
    }

    /** The prediction (and probability) columns of the signature's task, from Spark's {@code probability} vector. */
    public static List<Column> predictionColumns(Signature signature) {
        return predictionColumns(signature, org.apache.spark.ml.functions.vector_to_array(col("probability"), "float64"));
    }

    /** The same, given the class probabilities as an array column. */
    static List<Column> predictionColumns(Signature signature, Column probabilities) {
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
            case RECOMMENDATION -> throw new IllegalStateException("recommendation bundles are scored by"
                    + " RecommendationScorer, not row by row");
        };
    }
}
