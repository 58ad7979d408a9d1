package io.trainyard.scoring.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.trainyard.common.TrainyardException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one export: the graph being built, which Spark column lives in which tensor, and
 * the prediction outputs once the model stage (classifier or regressor) has been converted.
 */
final class ConversionContext {
    private final OnnxGraph graph;
    private final Map<String, OnnxColumn> columns = new LinkedHashMap<>();
    private final Map<String, String> tokenGaps = new LinkedHashMap<>();
    private Prediction prediction;

    /**
     * What the final model stage produces: a classifier's class index and probabilities, or a
     * regressor's value.
     *
     * @param label int64 [N], the predicted class index (null for a regressor)
     * @param probabilities double [N, classes] (null for a regressor)
     * @param classes number of classes (0 for a regressor)
     * @param value double [N], the predicted number (null for a classifier)
     */
    record Prediction(String label, String probabilities, int classes, String value) {
        boolean regression() {
            return value != null;
        }
    }

    ConversionContext(OnnxGraph graph) {
        this.graph = graph;
    }

    OnnxGraph graph() {
        return graph;
    }

    /** The tensor holding Spark column {@code name}; fails when no input or earlier stage produced it. */
    OnnxColumn column(String name) {
        OnnxColumn column = columns.get(name);
        if (column == null) {
            throw TrainyardException.usage("ONNX export: column '" + name + "' is neither a signature input nor"
                    + " the output of an earlier exported stage (known: " + columns.keySet() + ")");
        }
        return column;
    }

    void put(String name, OnnxColumn column) {
        columns.put(name, column);
    }

    /**
     * Records where the token list in {@code column} differs from Spark's: a stage whose result
     * depends on it (e.g. a fractional minTF counting tokens) refuses to convert, quoting {@code gap}.
     */
    void tokenGap(String column, String gap) {
        tokenGaps.put(column, gap);
    }

    /** The recorded difference of a token column from Spark's, or null. */
    String tokenGap(String column) {
        return tokenGaps.get(column);
    }

    /** The column as a double tensor, cast when it is stored as another numeric type. */
    String asDouble(OnnxColumn column) {
        return cast(column, DataType.DOUBLE);
    }

    String cast(OnnxColumn column, DataType type) {
        if (column.type() == type) {
            return column.tensor();
        }
        if (column.type() == DataType.STRING) {
            throw TrainyardException.usage("ONNX export: tensor '" + column.tensor() + "' holds strings where a "
                    + "number is expected; index string columns with a StringIndexer first");
        }
        return graph.op("Cast", List.of(column.tensor()), OnnxGraph.Attribute.type("to", type));
    }

    /** A scalar double constant, broadcastable against [N, k]. */
    String scalar(double value) {
        return graph.doubles("c", new double[] {value}, 1);
    }

    /** A double row vector [1, k], broadcastable against [N, k]. */
    String row(String hint, double[] values) {
        return graph.doubles(hint, values, 1, values.length);
    }

    void predict(String label, String probabilities, int classes) {
        setPrediction(new Prediction(label, probabilities, classes, null));
    }

    /** Registers a regressor's output: {@code value} double [N] or [N, 1]. */
    void regress(String value) {
        setPrediction(new Prediction(null, null, 0,
                graph.op("Reshape", List.of(value, graph.longs("shape", new long[] {-1}, 1)))));
    }

    private void setPrediction(Prediction predicted) {
        if (prediction != null) {
            throw TrainyardException.usage("ONNX export: the pipeline holds more than one model stage; export"
                    + " supports exactly one, as its last stage");
        }
        prediction = predicted;
    }

    Prediction prediction() {
        return prediction;
    }
}
