package io.trainyard.scoring.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.List;
import org.apache.spark.ml.feature.MinMaxScalerModel;

/**
 * {@code MinMaxScalerModel}: {@code (x - originalMin) * (max - min) / range + min} per feature, a
 * constant feature (range 0) mapping to {@code (min + max) / 2}; NaN stays NaN. As one affine map
 * {@code (x - originalMin) * scale + offset} in double, with scale 0 and offset the mid value
 * for constant features.
 */
final class MinMaxScalerModelConverter implements StageConverter<MinMaxScalerModel> {
    @Override
    public Class<MinMaxScalerModel> stageClass() {
        return MinMaxScalerModel.class;
    }

    @Override
    public void convert(MinMaxScalerModel stage, ConversionContext context) {
        OnnxColumn input = context.column(stage.getInputCol());
        double[] originalMin = stage.originalMin().toArray();
        double[] originalMax = stage.originalMax().toArray();
        double span = stage.getMax() - stage.getMin();
        double mid = (stage.getMin() + stage.getMax()) / 2;
        double[] scale = new double[originalMin.length];
        double[] offset = new double[originalMin.length];
        for (int i = 0; i < scale.length; i++) {
            double range = originalMax[i] - originalMin[i];
            scale[i] = range != 0 ? span / range : 0.0;
            offset[i] = scale[i] != 0 ? stage.getMin() : mid;
        }
        OnnxGraph graph = context.graph();
        String shifted = graph.op("Sub", List.of(context.asDouble(input), context.row("original_min", originalMin)));
        String scaled = graph.op("Mul", List.of(shifted, context.row("scale", scale)));
        String y = graph.op("Add", List.of(scaled, context.row("offset", offset)));
        context.put(stage.getOutputCol(), new OnnxColumn(y, DataType.DOUBLE, input.width()));
    }
}
