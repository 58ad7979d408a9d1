package io.trainyard.scoring.onnx;

import static io.trainyard.features.load.Columns.quote;
import io.trainyard.common.TrainyardException;
import io.trainyard.serving.bundle.ModelBundle;
import io.trainyard.serving.bundle.Signature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Bulk scoring with a bundle's exported ONNX graph inside Spark: the graph's bytes are broadcast,
 * each executor JVM opens one ONNX Runtime session per graph (shared by its tasks; a session is
 * thread-safe), and each partition is scored in mini-batches of {@value OnnxPartitionScorer#BATCH}
 * rows. The result has the columns Spark's pipeline would give the scoring job: the id columns,
 * {@code prediction} (the class index, or the value of a regressor) and, for a classifier,
 * {@code probability} (a vector of class probabilities); nothing is collected to the driver.
 */
public final class OnnxScoring {
    private OnnxScoring() {
    }

    /**
     * The bundle's graph. Refused (exit 2) when the bundle has none, saying how to export it, or
     * when its parity check failed: its predictions would not be the model's.
     *
     * @param modelRef how the user named the model, for the message ({@code churn@champion}, a folder)
     */
    public static byte[] graphOf(ModelBundle bundle, String modelRef) {
        Path graph = bundle.dir().resolve(OnnxExport.MODEL_FILE);
        if (!Files.isRegularFile(graph)) {
            throw TrainyardException.usage("Model " + modelRef + " has no ONNX graph (" + OnnxExport.MODEL_FILE
                    + " in " + bundle.dir() + "); run `trainyard export --model " + modelRef + " --format onnx`"
                    + " first, or score with --engine spark");
        }
        Path parityFile = bundle.dir().resolve(OnnxExport.PARITY_FILE);
        if (Files.isRegularFile(parityFile) && !ModelBundle.read(parityFile, ParityReport.class).passed()) {
            throw TrainyardException.usage("Model " + modelRef + ": its ONNX graph failed the Spark-vs-ONNX parity"
                    + " check (" + parityFile + "), so its scores would not be the model's; score with --engine spark");
        }
        try {
            return Files.readAllBytes(graph);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + graph, e);
        }
    }

    /** Scores {@code input} (holding the signature's columns) with {@code graph}. */
    public static Dataset<Row> transform(Dataset<Row> input, byte[] graph, Signature signature) {
        List<String> ids = signature.columns(Signature.ROLE_ID);
        List<Signature.Input> features = signature.inputs().stream()
                .filter(i -> !Signature.ROLE_ID.equals(i.role())).toList();
        List<Column> selected = new ArrayList<>();
        ids.forEach(id -> selected.add(functions.col(quote(id))));
        features.forEach(f -> selected.add(functions.col(quote(f.name()))));
        Dataset<Row> rows = input.select(selected.toArray(new Column[0]));

        boolean regression = Signature.TASK_REGRESSION.equals(signature.task());
        StructType schema = new StructType();
        for (String id : ids) {
            schema = schema.add(rows.schema().apply(id));
        }
        schema = schema.add("prediction", DataTypes.DoubleType, false);
        if (!regression) {
            schema = schema.add("probability", SQLDataTypes.VectorType(), false);
        }
        Broadcast<byte[]> bytes = JavaSparkContext.fromSparkContext(input.sparkSession().sparkContext())
                .broadcast(graph);
        OnnxPartitionScorer scorer = new OnnxPartitionScorer(bytes, OnnxSessions.key(graph), ids.size(),
                features.stream().map(Signature.Input::name).toArray(String[]::new),
                features.stream().map(f -> "string".equals(f.type())).toList(), regression);
        return rows.mapPartitions(scorer, Encoders.row(schema));
    }
}
