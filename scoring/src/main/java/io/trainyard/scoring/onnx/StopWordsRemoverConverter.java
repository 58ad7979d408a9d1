package io.trainyard.scoring.onnx;

import io.trainyard.common.TrainyardException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.ml.feature.StopWordsRemover;

/**
 * Spark's {@code StopWordsRemover}: a stop word becomes a pad (tokens after it do not move, which
 * no later stage can tell apart: they count terms, not positions). Case-insensitive by default as
 * in Spark: the stop words are lower-cased with the stage's locale at export, the tokens by
 * {@code StringNormalizer} for the comparison only (kept tokens keep their case). Membership is an
 * {@code ai.onnx.ml.LabelEncoder} (stop word to 1), then {@code Where}.
 */
final class StopWordsRemoverConverter implements StageConverter<StopWordsRemover> {
    @Override
    public Class<StopWordsRemover> stageClass() {
        return StopWordsRemover.class;
    }

    @Override
    public void convert(StopWordsRemover stage, ConversionContext context) {
        String[] inputs = stage.isSet(stage.inputCols()) ? stage.getInputCols() : new String[] {stage.getInputCol()};
        String[] outputs = stage.isSet(stage.outputCols()) ? stage.getOutputCols()
                : new String[] {stage.getOutputCol()};
        Locale locale = Locale.forLanguageTag(stage.getLocale().replace('_', '-'));
        List<String> words = stopWords(stage, locale);
        for (int i = 0; i < inputs.length; i++) {
            OnnxColumn tokens = context.column(inputs[i]);
            if (!tokens.isTokens()) {
                throw TrainyardException.usage("ONNX export: StopWordsRemover " + stage.uid() + " reads '" + inputs[i]
                        + "', which is not the output of an exported tokenizer");
            }
            context.put(outputs[i], OnnxColumn.tokens(remove(context, tokens.tensor(), words,
                    stage.getCaseSensitive(), stage.uid())));
            String gap = context.tokenGap(inputs[i]);
            if (gap != null) {
                context.tokenGap(outputs[i], gap);
            }
        }
    }

    private static List<String> stopWords(StopWordsRemover stage, Locale locale) {
        Set<String> words = new LinkedHashSet<>();
        for (String word : stage.getStopWords()) {
            if (!word.isEmpty()) {
                words.add(stage.getCaseSensitive() ? word : word.toLowerCase(locale));
            }
        }
        return new ArrayList<>(words);
    }

    private static String remove(ConversionContext context, String tokens, List<String> words, boolean caseSensitive,
                                 String uid) {
        if (words.isEmpty()) {
            return tokens;
        }
        OnnxGraph graph = context.graph();
        String compared = tokens;
        if (!caseSensitive) {
            String flat = graph.op("Reshape", List.of(tokens, graph.longs("shape", new long[] {-1}, 1)));
            compared = graph.op("Reshape", List.of(TextTokens.lowercase(graph, flat, uid),
                    graph.op("Shape", List.of(tokens))));
        }
        long[] ones = new long[words.size()];
        java.util.Arrays.fill(ones, 1L);
        String stop = graph.mlOp("LabelEncoder", List.of(compared), OnnxGraph.Attribute.strings("keys_strings", words),
                OnnxGraph.Attribute.longs("values_int64s", ones), OnnxGraph.Attribute.of("default_int64", 0L));
        String isStop = graph.op("Cast", List.of(stop), OnnxGraph.Attribute.type("to",
                ai.onnx.proto.OnnxMl.TensorProto.DataType.BOOL));
        return graph.op("Where", List.of(isStop, graph.strings("pad", List.of(TextTokens.PAD)), tokens));
    }
}
