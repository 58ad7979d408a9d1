package io.trainyard.scoring.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.List;
import org.apache.spark.ml.feature.StandardScalerModel;

/**
 * {@code StandardScalerModel}: {@code (x - mean) * (1 / std)} as Spark computes it, the mean only
 * with {@code withMean}, the scale only with {@code withStd}, and a scale of 0 where std is 0.
 * {@code Sub} and {@code Mul} in double.
 */
final class StandardScalerModelConverter implements StageConverter<StandardScalerModel> {
    @Override
    public Class<StandardScalerModel> stageClass() {
        return StandardScalerModel.class;
    }

    @Override
    public void convert(StandardScalerModel stage, ConversionContext context) {
        OnnxColumn input = context.column(stage.getInputCol());
        String x = context.asDouble(input);
        OnnxGraph graph = context.graph();
        if (stage.getWithMean()) {
            x = graph.op("Sub", List.of(x, context.row("mean", stage.mean().toArray())));
        }
        if (stage.getWithStd()) {
            double[] std = stage.std().toArray();
            double[] scale = new double[std.length];
            for (int i = 0; i < std.length; i++) {
                scale[i] = std[i] == 0.0 ? 0.0 : 1.0 / std[i];
            }
            x = graph.op("Mul", List.of(x, context.row("scale", scale)));
        }
        context.put(stage.getOutputCol(), new OnnxColumn(x, DataType.DOUBLE, input.width()));
    }
}
