package io.trainyard.scoring.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small ONNX graph builder over the protobuf classes: unique tensor names, typed constants,
 * nodes with attributes, graph inputs and outputs. It knows nothing of Spark (a leaf, as in
 * Tribuo's builder); converters say what to build, this says how it is spelled in protobuf.
 */
final class OnnxGraph {
    static final String ML_DOMAIN = "ai.onnx.ml";
    /** ONNX Runtime's contrib operators (e.g. {@code Tokenizer}): ONNX Runtime only. */
    static final String MS_DOMAIN = "com.microsoft";
    /** Batch dimension name of every graph input and output. */
    static final String BATCH = "N";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Map<String, Integer> counters = new HashMap<>();
    private final java.util.Set<String> domains = new java.util.LinkedHashSet<>();

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** A fresh tensor name starting with {@code hint}. */
    String fresh(String hint) {
        int n = counters.merge(hint, 1, Integer::sum);
        return n == 1 ? hint : hint + "_" + n;
    }

    /** Adds a node of the default domain and returns its single output's name. */
    String op(String opType, List<String> inputs, Attribute... attributes) {
        return node("", opType, inputs, fresh(opType.toLowerCase(java.util.Locale.ROOT)), attributes);
    }

    /** Adds an {@code ai.onnx.ml} node and returns its single output's name. */
    String mlOp(String opType, List<String> inputs, Attribute... attributes) {
        return node(ML_DOMAIN, opType, inputs, fresh(opType.toLowerCase(java.util.Locale.ROOT)), attributes);
    }

    /** Adds a {@code com.microsoft} (ONNX Runtime contrib) node and returns its single output's name. */
    String msOp(String opType, List<String> inputs, Attribute... attributes) {
        return node(MS_DOMAIN, opType, inputs, fresh(opType.toLowerCase(java.util.Locale.ROOT)), attributes);
    }

    /** The operator domains the nodes use besides the default one. */
    java.util.Set<String> domains() {
        return java.util.Collections.unmodifiableSet(domains);
    }

    /** Adds a node writing to {@code output}. */
    String node(String domain, String opType, List<String> inputs, String output, Attribute... attributes) {
        node(domain, opType, inputs, List.of(output), attributes);
        return output;
    }

    /** Adds a node with several outputs (e.g. {@code TopK}'s values and indices). */
    void node(String domain, String opType, List<String> inputs, List<String> outputs, Attribute... attributes) {
        if (!domain.isEmpty()) {
            domains.add(domain);
        }
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(opType).setDomain(domain)
                .setName(fresh("n_" + opType)).addAllInput(inputs).addAllOutput(outputs);
        for (Attribute attribute : attributes) {
            node.addAttribute(attribute.proto());
        }
        graph.addNode(node);
    }

    String doubles(String hint, double[] values, long... shape) {
        TensorProto.Builder tensor = tensor(hint, DataType.DOUBLE, shape);
        for (double v : values) {
            tensor.addDoubleData(v);
        }
        return initializer(tensor);
    }

    String floats(String hint, float[] values, long... shape) {
        TensorProto.Builder tensor = tensor(hint, DataType.FLOAT, shape);
        for (float v : values) {
            tensor.addFloatData(v);
        }
        return initializer(tensor);
    }

    String longs(String hint, long[] values, long... shape) {
        TensorProto.Builder tensor = tensor(hint, DataType.INT64, shape);
        for (long v : values) {
            tensor.addInt64Data(v);
        }
        return initializer(tensor);
    }

    String strings(String hint, List<String> values, long... shape) {
        TensorProto.Builder tensor = tensor(hint, DataType.STRING, shape);
        values.forEach(v -> tensor.addStringData(ByteString.copyFrom(v, StandardCharsets.UTF_8)));
        return initializer(tensor);
    }

    void input(String name, DataType type, long width) {
        graph.addInput(valueInfo(name, type, width));
    }

    /** Declares a graph output; {@code width} 0 means a 1-D output of shape [N]. */
    void output(String name, DataType type, long width) {
        graph.addOutput(valueInfo(name, type, width));
    }

    GraphProto build() {
        return graph.build();
    }

    private TensorProto.Builder tensor(String hint, DataType type, long... shape) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(fresh(hint)).setDataType(type.getNumber());
        for (long d : shape) {
            tensor.addDims(d);
        }
        return tensor;
    }

    private String initializer(TensorProto.Builder tensor) {
        graph.addInitializer(tensor);
        return tensor.getName();
    }

    private static ValueInfoProto valueInfo(String name, DataType type, long width) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        if (width > 0) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width));
        }
        TypeProto.Tensor tensorType = TypeProto.Tensor.newBuilder().setElemType(type.getNumber())
                .setShape(shape).build();
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(tensorType)).build();
    }

    /** A node attribute. */
    record Attribute(AttributeProto proto) {
        static Attribute of(String name, long value) {
            return new Attribute(base(name, AttributeProto.AttributeType.INT).setI(value).build());
        }

        static Attribute of(String name, float value) {
            return new Attribute(base(name, AttributeProto.AttributeType.FLOAT).setF(value).build());
        }

        static Attribute of(String name, String value) {
            return new Attribute(base(name, AttributeProto.AttributeType.STRING)
                    .setS(ByteString.copyFrom(value, StandardCharsets.UTF_8)).build());
        }

        static Attribute longs(String name, long[] values) {
            AttributeProto.Builder a = base(name, AttributeProto.AttributeType.INTS);
            for (long v : values) {
                a.addInts(v);
            }
            return new Attribute(a.build());
        }

        static Attribute floats(String name, float[] values) {
            AttributeProto.Builder a = base(name, AttributeProto.AttributeType.FLOATS);
            for (float v : values) {
                a.addFloats(v);
            }
            return new Attribute(a.build());
        }

        static Attribute strings(String name, List<String> values) {
            AttributeProto.Builder a = base(name, AttributeProto.AttributeType.STRINGS);
            values.forEach(v -> a.addStrings(ByteString.copyFrom(v, StandardCharsets.UTF_8)));
            return new Attribute(a.build());
        }

        /** A double tensor attribute (e.g. {@code nodes_values_as_tensor}), kept in full precision. */
        static Attribute doubles(String name, double[] values) {
            TensorProto.Builder tensor = TensorProto.newBuilder().setDataType(DataType.DOUBLE.getNumber())
                    .addDims(values.length);
            for (double v : values) {
                tensor.addDoubleData(v);
            }
            return new Attribute(base(name, AttributeProto.AttributeType.TENSOR).setT(tensor).build());
        }

        static Attribute type(String name, DataType value) {
            return of(name, (long) value.getNumber());
        }

        private static AttributeProto.Builder base(String name, AttributeProto.AttributeType type) {
            return AttributeProto.newBuilder().setName(name).setType(type);
        }
    }
}
