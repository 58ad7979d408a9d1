package io.trainyard.scoring;

import static org.apache.spark.sql.functions.col;

import io.trainyard.common.TrainyardException;
import io.trainyard.features.load.Columns;
import io.trainyard.scoring.onnx.OnnxScoring;
import io.trainyard.serving.bundle.ModelBundle;
import io.trainyard.serving.bundle.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Scores with the bundle's exported ONNX graph, run by ONNX Runtime inside the Spark tasks
 * ({@link OnnxScoring}: broadcast bytes, one session per executor, mini-batches); the output has
 * the same columns as {@link SparkPipelineEngine}'s. A bundle without a graph, or whose parity
 * check failed, is refused before anything runs.
 */
public final class OnnxEngine implements ScoringEngine {
    private final byte[] graph;
    private final Signature signature;

    /** @param modelRef how the user named the model, for messages ({@code churn@champion}, a folder) */
    public OnnxEngine(ModelBundle bundle, String modelRef) {
        this.graph = OnnxScoring.graphOf(bundle, modelRef);
        this.signature = bundle.signature();
    }

    /** The engine {@code --engine} names: {@code spark} (the default) or {@code onnx}. */
    public static Function<ModelBundle, ScoringEngine> named(String engine, String modelRef) {
        return switch (engine == null ? "spark" : engine.toLowerCase(Locale.ROOT)) {
            case "spark" -> SparkPipelineEngine::new;
            case "onnx" -> bundle -> new OnnxEngine(bundle, modelRef);
            default -> throw TrainyardException.usage("--engine " + engine
                    + " is not supported; use --engine spark or --engine onnx");
        };
    }

    @Override
    public String name() {
        return "onnx";
    }

    @Override
    public Dataset<Row> score(Dataset<Row> rows) {
        List<Column> columns = new ArrayList<>();
        signature.columns(Signature.ROLE_ID).forEach(id -> columns.add(col(Columns.quote(id))));
        columns.addAll(SparkPipelineEngine.predictionColumns(signature));
        return OnnxScoring.transform(rows, graph, signature).select(columns.toArray(new Column[0]));
    }
}
