package io.trainyard.scoring.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.trainyard.common.TrainyardException;
import java.util.List;
import org.apache.spark.ml.feature.CountVectorizerModel;

/**
 * Spark's {@code CountVectorizerModel}: per row, the count of each vocabulary term in vocabulary
 * order ({@code TfIdfVectorizer}, mode TF, 1-grams, the vocabulary as {@code pool_strings}; its
 * float32 counts are exact integers), cast to double. Then Spark's filter: a term counts when its
 * count reaches minTF (an absolute count when minTF &ge; 1, else minTF times the row's number of
 * tokens, stop words excluded, out-of-vocabulary terms included), and {@code binary} turns kept
 * counts into 1. Refused: a vocabulary holding the empty term (it would match the pads), and a
 * fractional minTF over tokens whose count differs from Spark's.
 */
final class CountVectorizerModelConverter implements StageConverter<CountVectorizerModel> {
    @Override
    public Class<CountVectorizerModel> stageClass() {
        return CountVectorizerModel.class;
    }

    @Override
    public void convert(CountVectorizerModel stage, ConversionContext context) {
        OnnxColumn tokens = context.column(stage.getInputCol());
        String[] vocabulary = stage.vocabulary();
        String gap = context.tokenGap(stage.getInputCol());
        if (!tokens.isTokens()) {
            throw TrainyardException.usage("ONNX export: CountVectorizerModel " + stage.uid() + " reads '"
                    + stage.getInputCol() + "', which is not the output of an exported tokenizer");
        }
        if (List.of(vocabulary).contains(TextTokens.PAD)) {
            throw TrainyardException.usage("ONNX export: CountVectorizerModel " + stage.uid() + " has the empty string"
                    + " in its vocabulary" + (gap != null ? "; " + gap : "; drop empty tokens before counting"));
        }
        double minTf = stage.getMinTF();
        if (minTf < 1.0 && gap != null) {
            throw TrainyardException.usage("ONNX export: CountVectorizerModel " + stage.uid() + " has a fractional"
                    + " minTF (" + minTf + "), which counts every token; " + gap);
        }
        long[] indexes = new long[vocabulary.length];
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = i;
        }
        OnnxGraph graph = context.graph();
        String counts = context.cast(new OnnxColumn(graph.op("TfIdfVectorizer", List.of(tokens.tensor()),
                OnnxGraph.Attribute.of("mode", "TF"), OnnxGraph.Attribute.of("min_gram_length", 1L),
                OnnxGraph.Attribute.of("max_gram_length", 1L), OnnxGraph.Attribute.of("max_skip_count", 0L),
                OnnxGraph.Attribute.longs("ngram_counts", new long[] {0}),
                OnnxGraph.Attribute.longs("ngram_indexes", indexes),
                OnnxGraph.Attribute.strings("pool_strings", List.of(vocabulary))), DataType.FLOAT, vocabulary.length),
                DataType.DOUBLE);
        String result = minTf == 1.0 && !stage.getBinary() ? counts
                : filtered(context, counts, tokens.tensor(), minTf, stage.getBinary());
        context.put(stage.getOutputCol(), new OnnxColumn(result, DataType.DOUBLE, vocabulary.length));
    }

    private static String filtered(ConversionContext context, String counts, String tokens, double minTf,
                                   boolean binary) {
        OnnxGraph graph = context.graph();
        String kept;
        if (minTf >= 1.0) {
            kept = graph.op("GreaterOrEqual", List.of(counts, context.scalar(minTf)));
        } else {
            String present = context.cast(new OnnxColumn(TextTokens.present(graph, tokens), DataType.INT64, 1),
                    DataType.DOUBLE);
            String tokenCount = graph.op("ReduceSum", List.of(present, graph.longs("axes", new long[] {1}, 1)),
                    OnnxGraph.Attribute.of("keepdims", 1L));
            String threshold = graph.op("Mul", List.of(tokenCount, context.scalar(minTf)));
            kept = graph.op("And", List.of(graph.op("Greater", List.of(counts, context.scalar(0.0))),
                    graph.op("GreaterOrEqual", List.of(counts, threshold))));
        }
        return binary ? graph.op("Cast", List.of(kept), OnnxGraph.Attribute.type("to", DataType.DOUBLE))
                : graph.op("Where", List.of(kept, counts, context.scalar(0.0)));
    }
}
