package io.trainyard.scoring.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.trainyard.common.TrainyardException;
import java.util.List;
import org.apache.spark.ml.feature.IDFModel;

/** Spark's {@code IDFModel}: each term's count times its inverse document frequency ({@code Mul}, double). */
final class IdfModelConverter implements StageConverter<IDFModel> {
    @Override
    public Class<IDFModel> stageClass() {
        return IDFModel.class;
    }

    @Override
    public void convert(IDFModel stage, ConversionContext context) {
        OnnxColumn counts = context.column(stage.getInputCol());
        double[] idf = stage.idf().toArray();
        if (counts.width() != idf.length) {
            throw TrainyardException.usage("ONNX export: IDFModel " + stage.uid() + " weighs " + idf.length
                    + " terms, column '" + stage.getInputCol() + "' has " + counts.width());
        }
        String weighted = context.graph().op("Mul", List.of(context.asDouble(counts), context.row("idf", idf)));
        context.put(stage.getOutputCol(), new OnnxColumn(weighted, DataType.DOUBLE, idf.length));
    }
}
