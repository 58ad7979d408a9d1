package io.trainyard.scoring.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;

/**
 * A Spark column as it exists in the ONNX graph: always a 2-D tensor [N, width].
 *
 * @param tensor the tensor name in the graph
 * @param type element type: STRING, INT64, FLOAT or DOUBLE
 * @param width the second dimension: 1 for scalar columns, the vector size for vector columns
 */
record OnnxColumn(String tensor, DataType type, int width) {
}
