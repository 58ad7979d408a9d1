package io.trainyard.scoring.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;

/**
 * A Spark column as it exists in the ONNX graph: always a 2-D tensor [N, width].
 *
 * @param tensor the tensor name in the graph
 * @param type element type: STRING, INT64, FLOAT or DOUBLE
 * @param width the second dimension: 1 for scalar columns, the vector size for vector columns,
 *     {@link #TOKENS} for a token list (Spark's array of strings: [N, tokens of the longest row],
 *     shorter rows padded with {@link TextTokens#PAD})
 */
record OnnxColumn(String tensor, DataType type, int width) {
    static final int TOKENS = -1;

    static OnnxColumn tokens(String tensor) {
        return new OnnxColumn(tensor, DataType.STRING, TOKENS);
    }

    boolean isTokens() {
        return width == TOKENS;
    }
}
