package io.trainyard.serving.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import io.trainyard.serving.bundle.Signature;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ONNX Runtime round trip without Spark, on a hand-built graph shaped like an exported one:
 * {@code color} (string) through a LabelEncoder (red = 1, anything else 0), plus {@code size}
 * (double, NaN imputed as 0), margin m = code + size, p1 = sigmoid(m), label = argmax.
 */
public class OnnxModelTest {
    private static final Signature SIGNATURE = new Signature(List.of(
            new Signature.Input("id", "string", Signature.ROLE_ID, null),
            new Signature.Input("color", "string", Signature.ROLE_CATEGORICAL, List.of("red", "blue")),
            new Signature.Input("size", "double", Signature.ROLE_NUMERIC, null)),
            "y", "yes", "no", "median", List.of("prediction", "probability"));

    @Test
    void scoresABatchLikeTheGraphSays() {
        try (OnnxModel model = OnnxModel.load(graph().toByteArray(), SIGNATURE)) {
            OnnxPrediction prediction = model.predict(List.of(
                    instance("red", 0.5), instance("blue", -2.0), instance("green", 1.5), instance(null, null)));

            assertThat(prediction.labels()).containsExactly(1, 0, 1, 0);
            assertThat(prediction.probabilities()[0][1]).isCloseTo(sigmoid(1.5), within(1e-12));
            assertThat(prediction.probabilities()[1][0]).isCloseTo(1 - sigmoid(-2.0), within(1e-12));
            assertThat(prediction.probabilities()[2][1]).isCloseTo(sigmoid(1.5), within(1e-12));
            // missing color scores as an unseen category (0), missing size as NaN, imputed to 0 by the graph
            assertThat(prediction.probabilities()[3]).containsExactly(new double[] {0.5, 0.5}, within(1e-12));
        }
    }

    @Test
    void refusesMissingAndWronglyTypedFieldsNamingEachOne() {
        Map<String, Object> wrongTypes = new HashMap<>(Map.of("color", 3, "size", "big"));
        try (OnnxModel model = OnnxModel.load(graph().toByteArray(), SIGNATURE)) {
            assertThatThrownBy(() -> model.predict(List.of(instance("red", 1.0), wrongTypes, Map.of("color", "red"))))
                    .isInstanceOfSatisfying(InvalidInstancesException.class, e -> assertThat(e.errors())
                            .extracting(InvalidInstancesException.FieldError::toString).containsExactly(
                                    "instances[1].color: expected a string, found number 3",
                                    "instances[1].size: expected a number, found string \"big\"",
                                    "instances[2].size: missing; expected a number (send null for an unknown value)"));
            assertThatThrownBy(() -> model.predict(List.of()))
                    .hasMessageContaining("instances: expected at least one instance, found none");
        }
    }

    @Test
    void refusesAModelWhoseInputsDoNotMatchTheSignature() {
        Signature other = new Signature(List.of(new Signature.Input("colour", "string", Signature.ROLE_CATEGORICAL,
                null)), "y", "yes", "no", "median", List.of());
        assertThatThrownBy(() -> OnnxModel.load(graph().toByteArray(), other))
                .hasMessageContaining("do not match the signature's feature columns [colour]");
    }

    private static Map<String, Object> instance(String color, Double size) {
        Map<String, Object> instance = new HashMap<>();
        instance.put("id", "x");
        instance.put("color", color);
        instance.put("size", size);
        return instance;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** The test graph, also served over HTTP by the serving adapter's tests. */
    public static ModelProto graph() {
        GraphProto.Builder g = margin().addOutput(info("label", DataType.INT64, 0))
                .addOutput(info("probabilities", DataType.DOUBLE, 2)).addInitializer(doubles("one", 1.0));
        g.addNode(node("", "Sigmoid", List.of("margin"), "p1"));
        g.addNode(node("", "Sub", List.of("one", "p1"), "p0"));
        g.addNode(node("", "Concat", List.of("p0", "p1"), "probabilities", integer("axis", 1)));
        g.addNode(node("", "ArgMax", List.of("probabilities"), "label", integer("axis", 1), integer("keepdims", 0)));
        return model(g);
    }

    /** The same inputs as a regression graph: prediction = [color = red] + size (missing size: 0). */
    public static ModelProto regressionGraph() {
        GraphProto.Builder g = margin().addOutput(info("prediction", DataType.DOUBLE, 0))
                .addInitializer(TensorProto.newBuilder().setName("flat").setDataType(DataType.INT64.getNumber())
                        .addDims(1).addInt64Data(-1).build());
        g.addNode(node("", "Reshape", List.of("margin", "flat"), "prediction"));
        return model(g);
    }

    /** margin = [color = red] + size, a missing size read as 0. */
    private static GraphProto.Builder margin() {
        GraphProto.Builder g = GraphProto.newBuilder().setName("test")
                .addInput(info("color", DataType.STRING, 1)).addInput(info("size", DataType.DOUBLE, 1))
                .addInitializer(doubles("zero", 0.0));
        g.addNode(node("ai.onnx.ml", "LabelEncoder", List.of("color"), "code",
                strings("keys_strings", "red", "blue"), ints("values_int64s", 1, 0), integer("default_int64", 0)));
        g.addNode(node("", "Cast", List.of("code"), "code_d", integer("to", DataType.DOUBLE.getNumber())));
        g.addNode(node("", "IsNaN", List.of("size"), "size_nan"));
        g.addNode(node("", "Where", List.of("size_nan", "zero", "size"), "size_i"));
        g.addNode(node("", "Add", List.of("code_d", "size_i"), "margin"));
        return g;
    }

    private static ModelProto model(GraphProto.Builder g) {
        return ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(3)).build();
    }

    private static NodeProto node(String domain, String op, List<String> inputs, String output,
                                  AttributeProto... attributes) {
        return NodeProto.newBuilder().setDomain(domain).setOpType(op).addAllInput(inputs).addOutput(output)
                .addAllAttribute(List.of(attributes)).build();
    }

    private static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static AttributeProto strings(String name, String... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.STRINGS);
        for (String v : values) {
            a.addStrings(ByteString.copyFromUtf8(v));
        }
        return a.build();
    }

    private static TensorProto doubles(String name, double value) {
        return TensorProto.newBuilder().setName(name).setDataType(DataType.DOUBLE.getNumber()).addDims(1)
                .addDoubleData(value).build();
    }

    private static ValueInfoProto info(String name, DataType type, long width) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        if (width > 0) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
    }
}
