package io.trainyard.scoring.onnx;

import io.trainyard.common.TrainyardException;
import java.util.Optional;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.param.Params;

/**
 * Spark's {@code RegexTokenizer}: optionally lower-case (see {@link TextTokens}), then split on the
 * pattern ({@code gaps=true}) or keep its matches ({@code gaps=false}), dropping tokens shorter than
 * {@code minTokenLength}; the pattern must be in the subset {@link TokenPattern} translates exactly.
 * Where it differs: Spark measures a token in UTF-16 units, the graph in code points, so a token
 * holding characters beyond the BMP (emoji, some CJK) may fall on the other side of
 * {@code minTokenLength}. {@code minTokenLength} 0 (Spark then keeps empty tokens) is refused.
 */
final class RegexTokenizerConverter implements StageConverter<RegexTokenizer> {
    @Override
    public Class<RegexTokenizer> stageClass() {
        return RegexTokenizer.class;
    }

    @Override
    public Optional<String> refusal(Params stage) {
        RegexTokenizer tokenizer = (RegexTokenizer) stage;
        if (TokenPattern.of(tokenizer.getPattern()).isEmpty()) {
            return Optional.of("RegexTokenizer pattern '" + tokenizer.getPattern() + "' has no exact ONNX"
                    + " equivalent; use " + TokenPattern.supported());
        }
        if (tokenizer.getMinTokenLength() < 1) {
            return Optional.of("RegexTokenizer minTokenLength " + tokenizer.getMinTokenLength() + " keeps empty"
                    + " tokens, which the ONNX tokenizer cannot emit; set minTokenLength to 1 or more");
        }
        return Optional.empty();
    }

    @Override
    public void convert(RegexTokenizer stage, ConversionContext context) {
        refusal(stage).ifPresent(reason -> {
            throw TrainyardException.usage("ONNX export: " + reason + " (stage " + stage.uid() + ")");
        });
        String flat = TextTokens.flat(context, context.column(stage.getInputCol()), stage.getToLowercase(),
                stage.uid());
        String pattern = TokenPattern.of(stage.getPattern()).orElseThrow().re2();
        context.put(stage.getOutputCol(), OnnxColumn.tokens(TextTokens.tokenize(context, flat, pattern,
                stage.getGaps(), stage.getMinTokenLength())));
    }
}
