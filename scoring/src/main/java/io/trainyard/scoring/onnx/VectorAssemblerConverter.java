package io.trainyard.scoring.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.feature.VectorAssembler;

/**
 * {@code VectorAssembler}: concatenation of its inputs in column order, as doubles ({@code Concat}
 * axis 1). Spark may store the result sparse; the values are the same.
 */
final class VectorAssemblerConverter implements StageConverter<VectorAssembler> {
    @Override
    public Class<VectorAssembler> stageClass() {
        return VectorAssembler.class;
    }

    @Override
    public void convert(VectorAssembler stage, ConversionContext context) {
        List<String> parts = new ArrayList<>();
        int width = 0;
        for (String input : stage.getInputCols()) {
            OnnxColumn column = context.column(input);
            parts.add(context.asDouble(column));
            width += column.width();
        }
        String assembled = parts.size() == 1 ? parts.get(0)
                : context.graph().op("Concat", parts, OnnxGraph.Attribute.of("axis", 1L));
        context.put(stage.getOutputCol(), new OnnxColumn(assembled, DataType.DOUBLE, width));
    }
}
