package io.trainyard.scoring.onnx;

import org.apache.spark.ml.feature.Tokenizer;

/**
 * Spark's {@code Tokenizer}: lower-case (see {@link TextTokens}), then split on every single
 * whitespace character ({@code \s}: space, \t, \n, \x0B, \f, \r). Where it differs: Spark keeps the
 * empty tokens that two whitespace characters in a row (or a leading one) leave, the graph drops
 * them. Counts of real terms are the same; a vocabulary holding the empty term, or a fractional
 * minTF (which counts every token), is refused downstream with that reason.
 */
final class TokenizerConverter implements StageConverter<Tokenizer> {
    static final String EMPTY_TOKENS = "Spark's Tokenizer keeps the empty tokens between consecutive whitespace,"
            + " which the ONNX tokenizer drops; use RegexTokenizer (pattern \\s+) instead of Tokenizer";

    @Override
    public Class<Tokenizer> stageClass() {
        return Tokenizer.class;
    }

    @Override
    public void convert(Tokenizer stage, ConversionContext context) {
        String flat = TextTokens.flat(context, context.column(stage.getInputCol()), true, stage.uid());
        String separator = TokenPattern.of("\\s").orElseThrow().re2();
        context.put(stage.getOutputCol(), OnnxColumn.tokens(TextTokens.tokenize(context, flat, separator, true, 1)));
        context.tokenGap(stage.getOutputCol(), EMPTY_TOKENS);
    }
}
