package io.trainyard.scoring;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.trainyard.features.load.Columns;
import io.trainyard.features.spec.Task;
import io.trainyard.serving.bundle.ModelBundle;
import io.trainyard.serving.bundle.Signature;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Scores with the bundle's Spark {@code PipelineModel}, loaded once per job: binary and
 * multi-class rows get the predicted label value and its probability (binary: of the positive
 * class, thresholded with the bundle's decision threshold), regression rows the predicted number.
 */
public final class SparkPipelineEngine implements ScoringEngine {
    private final PipelineModel model;
    private final Signature signature;

    public SparkPipelineEngine(ModelBundle bundle) {
        this.model = PipelineModel.load(bundle.sparkModelDir().toString());
        this.signature = bundle.signature();
    }

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public Dataset<Row> score(Dataset<Row> rows) {
        List<Column> columns = new ArrayList<>();
        signature.columns(Signature.ROLE_ID).forEach(id -> columns.add(col(Columns.quote(id))));
        columns.addAll(predictionColumns(signature));
        return model.transform(rows).select(columns.toArray(new Column[0]));
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
            case RECOMMENDATION -> throw new IllegalStateException("recommendation bundles are scored by"
                    + " RecommendationScorer, not row by row");
        };
    }
}
