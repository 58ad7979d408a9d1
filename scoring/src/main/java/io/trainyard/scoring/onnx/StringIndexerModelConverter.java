package io.trainyard.scoring.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.trainyard.common.TrainyardException;
import java.util.List;
import java.util.Optional;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.param.Params;

/**
 * {@code StringIndexerModel} (single or multi-column): label to index in the fitted order;
 * with {@code handleInvalid=keep} unseen and missing values get index = number of labels.
 * {@code ai.onnx.ml.LabelEncoder} string to int64 with {@code default_int64}. ONNX cannot drop
 * rows or fail one row, so {@code skip} and {@code error} are refused.
 */
final class StringIndexerModelConverter implements StageConverter<StringIndexerModel> {
    @Override
    public Class<StringIndexerModel> stageClass() {
        return StringIndexerModel.class;
    }

    @Override
    public Optional<String> refusal(Params stage) {
        String handleInvalid = StageParams.text(stage, "handleInvalid");
        if (!"keep".equals(handleInvalid)) {
            return Optional.of("StringIndexer has handleInvalid=" + handleInvalid + "; a graph can neither drop nor"
                    + " fail single rows, so export needs handleInvalid=keep (unseen values get their own index)");
        }
        return Optional.empty();
    }

    @Override
    public void convert(StringIndexerModel stage, ConversionContext context) {
        refusal(stage).ifPresent(reason -> {
            throw TrainyardException.usage("ONNX export: " + reason + " (stage " + stage.uid() + ")");
        });
        String[] inputs = StageColumns.inputs(stage);
        String[] outputs = StageColumns.outputs(stage);
        String[][] labels = stage.labelsArray();
        for (int i = 0; i < inputs.length; i++) {
            OnnxColumn input = context.column(inputs[i]);
            if (input.type() != DataType.STRING) {
                throw TrainyardException.usage("ONNX export: StringIndexerModel input '" + inputs[i]
                        + "' must be a string column, found " + input.type()
                        + "; declare it as type string in the signature");
            }
            long[] indices = new long[labels[i].length];
            for (int k = 0; k < indices.length; k++) {
                indices[k] = k;
            }
            String index = context.graph().mlOp("LabelEncoder", List.of(input.tensor()),
                    OnnxGraph.Attribute.strings("keys_strings", List.of(labels[i])),
                    OnnxGraph.Attribute.longs("values_int64s", indices),
                    OnnxGraph.Attribute.of("default_int64", (long) labels[i].length));
            context.put(outputs[i], new OnnxColumn(index, DataType.INT64, 1));
        }
    }
}
