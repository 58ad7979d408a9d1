package io.trainyard.scoring.onnx;

import io.trainyard.common.TrainyardException;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;

/**
 * {@code MultilayerPerceptronClassificationModel}, in double: for each layer an affine map, a
 * sigmoid 1 / (1 + e^-z) after every hidden layer (Spark's own formula), a softmax after the last,
 * class = first argmax. Spark's flat weight vector holds, layer after layer, the weight matrix
 * (out x in, column-major: the entry for input i and output o at i x out + o) and then the out
 * biases; read in order, the matrix is already the row-major [in, out] that {@code MatMul} needs.
 */
final class MultilayerPerceptronClassificationModelConverter
        implements StageConverter<MultilayerPerceptronClassificationModel> {
    @Override
    public Class<MultilayerPerceptronClassificationModel> stageClass() {
        return MultilayerPerceptronClassificationModel.class;
    }

    @Override
    public void convert(MultilayerPerceptronClassificationModel stage, ConversionContext context) {
        int[] layers = stage.getLayers();
        OnnxColumn features = context.column(stage.getFeaturesCol());
        if (features.width() != layers[0]) {
            throw TrainyardException.usage("ONNX export: MultilayerPerceptronClassificationModel " + stage.uid()
                    + " expects " + layers[0] + " features, column '" + stage.getFeaturesCol() + "' has "
                    + features.width());
        }
        double[] weights = stage.weights().toArray();
        OnnxGraph graph = context.graph();
        String activation = context.asDouble(features);
        int offset = 0;
        for (int l = 0; l + 1 < layers.length; l++) {
            int in = layers[l];
            int out = layers[l + 1];
            double[] matrix = Arrays.copyOfRange(weights, offset, offset + in * out);
            double[] bias = Arrays.copyOfRange(weights, offset + in * out, offset + in * out + out);
            offset += in * out + out;
            String z = graph.op("Add", List.of(graph.op("MatMul", List.of(activation,
                    graph.doubles("weights", matrix, in, out))), context.row("bias", bias)));
            activation = l + 2 < layers.length ? sigmoid(context, z) : z;
        }
        String probabilities = graph.op("Softmax", List.of(activation), OnnxGraph.Attribute.of("axis", 1L));
        String label = graph.op("ArgMax", List.of(probabilities), OnnxGraph.Attribute.of("axis", 1L),
                OnnxGraph.Attribute.of("keepdims", 0L));
        context.predict(label, probabilities, layers[layers.length - 1]);
    }

    private static String sigmoid(ConversionContext context, String z) {
        OnnxGraph graph = context.graph();
        return graph.op("Reciprocal", List.of(graph.op("Add", List.of(context.scalar(1.0),
                graph.op("Exp", List.of(graph.op("Neg", List.of(z))))))));
    }
}
