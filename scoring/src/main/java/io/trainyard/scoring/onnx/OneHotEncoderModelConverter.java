package io.trainyard.scoring.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.List;
import org.apache.spark.ml.feature.OneHotEncoderModel;

/**
 * {@code OneHotEncoderModel}, with Spark's exact sizes: for a category size {@code c} (from the
 * index column's metadata; a StringIndexer with {@code keep} declares labels + 1), the vector has
 * {@code c - 1} slots with dropLast and without keep, {@code c + 1} with keep and without
 * dropLast, and {@code c} otherwise. An index outside [0, c) becomes {@code c} under keep; an
 * index with no slot (the dropped last one) gives all zeros. Built as {@code Equal} of the
 * index against a [1, size] range, then {@code Cast} to double.
 */
final class OneHotEncoderModelConverter implements StageConverter<OneHotEncoderModel> {
    @Override
    public Class<OneHotEncoderModel> stageClass() {
        return OneHotEncoderModel.class;
    }

    @Override
    public void convert(OneHotEncoderModel stage, ConversionContext context) {
        String[] inputs = StageColumns.inputs(stage);
        String[] outputs = StageColumns.outputs(stage);
        boolean keep = "keep".equals(stage.getHandleInvalid());
        boolean dropLast = stage.getDropLast();
        int[] categorySizes = stage.categorySizes();
        for (int i = 0; i < inputs.length; i++) {
            int size = encodedSize(categorySizes[i], dropLast, keep);
            String encoded = encode(context, context.column(inputs[i]), categorySizes[i], size);
            context.put(outputs[i], new OnnxColumn(encoded, DataType.DOUBLE, size));
        }
    }

    static int encodedSize(int categories, boolean dropLast, boolean keep) {
        if (keep && !dropLast) {
            return categories + 1;
        }
        if (dropLast && !keep) {
            return categories - 1;
        }
        return categories;
    }

    private static String encode(ConversionContext context, OnnxColumn input, int categories, int size) {
        OnnxGraph graph = context.graph();
        String index = context.cast(input, DataType.INT64);
        String lower = graph.longs("zero", new long[] {0}, 1);
        String upper = graph.longs("categories", new long[] {categories}, 1);
        String valid = graph.op("And", List.of(graph.op("GreaterOrEqual", List.of(index, lower)),
                graph.op("Less", List.of(index, upper))));
        String slot = graph.op("Where", List.of(valid, index, upper));
        long[] range = new long[size];
        for (int k = 0; k < size; k++) {
            range[k] = k;
        }
        String hot = graph.op("Equal", List.of(slot, graph.longs("slots", range, 1, size)));
        return graph.op("Cast", List.of(hot), OnnxGraph.Attribute.type("to", DataType.DOUBLE));
    }
}
