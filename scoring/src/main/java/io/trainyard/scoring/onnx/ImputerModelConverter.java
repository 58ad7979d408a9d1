package io.trainyard.scoring.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.List;
import org.apache.spark.ml.feature.ImputerModel;
import org.apache.spark.sql.Row;

/**
 * {@code ImputerModel}: each input's missing value (NaN by default; Spark also imputes nulls,
 * which reach ONNX as NaN) is replaced by the fitted surrogate. {@code IsNaN} (or {@code Equal}
 * for a numeric {@code missingValue}) then {@code Where}, in double.
 */
final class ImputerModelConverter implements StageConverter<ImputerModel> {
    @Override
    public Class<ImputerModel> stageClass() {
        return ImputerModel.class;
    }

    @Override
    public void convert(ImputerModel stage, ConversionContext context) {
        String[] inputs = StageColumns.inputs(stage);
        String[] outputs = StageColumns.outputs(stage);
        Row surrogates = stage.surrogateDF().head();
        double missing = stage.getMissingValue();
        OnnxGraph graph = context.graph();
        for (int i = 0; i < inputs.length; i++) {
            String x = context.asDouble(context.column(inputs[i]));
            String isMissing = graph.op("IsNaN", List.of(x));
            if (!Double.isNaN(missing)) {
                String equal = graph.op("Equal", List.of(x, context.scalar(missing)));
                isMissing = graph.op("Or", List.of(isMissing, equal));
            }
            double surrogate = ((Number) surrogates.getAs(inputs[i])).doubleValue();
            String y = graph.op("Where", List.of(isMissing, context.scalar(surrogate), x));
            context.put(outputs[i], new OnnxColumn(y, DataType.DOUBLE, 1));
        }
    }
}
