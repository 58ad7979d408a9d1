package io.trainyard.scoring.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.trainyard.common.TrainyardException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The token lists of the text stages: a string tensor [N, D] per column, each row's tokens
 * followed by {@link #PAD} up to the longest row's count, plus one pad column so that D &ge; 1 even
 * when no row has a token (ONNX Runtime's {@code Tokenizer} then returns [N, 0], which the string
 * operators after it refuse). The pad is the empty string: the tokenizers never emit an empty token
 * (ONNX Runtime's {@code mincharnum} is at least 1), and a vocabulary holding the empty term is refused.
 *
 * <p>Lower-casing is ONNX's {@code StringNormalizer} (1-D input only, hence the reshapes) with the
 * {@value #LOCALE} locale: glibc's built-in UTF-8 locale, present on any Linux with glibc 2.35+
 * (the default {@code en_US.UTF-8} is often not installed, and ONNX Runtime then fails to load the
 * model). It maps code point by code point, where Java's {@code toLowerCase} is context-aware: the
 * two differ on 'İ' (U+0130: Java gives "i̇", two code points) and on a final capital sigma (Java
 * gives 'ς', the graph 'σ'), and a JVM whose default locale is Turkish, Azeri or Lithuanian
 * lower-cases 'I' differently, so export refuses to run in one.
 */
final class TextTokens {
    static final String PAD = "";
    static final String LOCALE = "C.UTF-8";
    private static final Set<String> LOCALE_SENSITIVE = Set.of("tr", "az", "lt");

    private TextTokens() {
    }

    /** The string column [N, 1] as a 1-D tensor [N], lower-cased when asked. */
    static String flat(ConversionContext context, OnnxColumn text, boolean lowercase, String uid) {
        if (text.type() != DataType.STRING || text.width() != 1) {
            throw TrainyardException.usage("ONNX export: stage " + uid + " reads tensor '" + text.tensor()
                    + "', which is not a text column; declare the column as type string (role text)");
        }
        OnnxGraph graph = context.graph();
        String flat = graph.op("Reshape", List.of(text.tensor(), graph.longs("shape", new long[] {-1}, 1)));
        return lowercase ? lowercase(graph, flat, uid) : flat;
    }

    /** {@code StringNormalizer} LOWER over a 1-D string tensor. */
    static String lowercase(OnnxGraph graph, String flat, String uid) {
        String language = Locale.getDefault().getLanguage();
        if (LOCALE_SENSITIVE.contains(language)) {
            throw TrainyardException.usage("ONNX export: stage " + uid + " lower-cases text, which Spark does with the"
                    + " JVM's default locale (" + Locale.getDefault() + "): its rules for 'I' have no ONNX"
                    + " equivalent; run export (and training) with -Duser.language=en");
        }
        return graph.op("StringNormalizer", List.of(flat), OnnxGraph.Attribute.of("case_change_action", "LOWER"),
                OnnxGraph.Attribute.of("is_case_sensitive", 1L), OnnxGraph.Attribute.of("locale", LOCALE));
    }

    /**
     * ONNX Runtime's contrib {@code Tokenizer} over [N] strings, as [N, D + 1] tokens with the pad
     * column appended. {@code separator} (split on matches) or {@code tokenExpression} (keep matches)
     * is an RE2 pattern; tokens shorter than {@code minChars} code points are dropped.
     */
    static String tokenize(ConversionContext context, String flat, String pattern, boolean gaps, int minChars) {
        OnnxGraph graph = context.graph();
        OnnxGraph.Attribute rule = gaps ? OnnxGraph.Attribute.strings("separators", List.of(pattern))
                : OnnxGraph.Attribute.of("tokenexp", pattern);
        String tokens = graph.msOp("Tokenizer", List.of(flat), OnnxGraph.Attribute.of("mark", 0L),
                OnnxGraph.Attribute.of("mincharnum", (long) Math.max(1, minChars)),
                OnnxGraph.Attribute.of("pad_value", PAD), rule);
        String column = graph.op("Unsqueeze", List.of(flat, graph.longs("axes", new long[] {1}, 1)));
        String pads = graph.mlOp("LabelEncoder", List.of(column),
                OnnxGraph.Attribute.strings("keys_strings", List.of("\u0000")),
                OnnxGraph.Attribute.strings("values_strings", List.of(PAD)),
                OnnxGraph.Attribute.of("default_string", PAD));
        return graph.op("Concat", List.of(tokens, pads), OnnxGraph.Attribute.of("axis", 1L));
    }

    /** Per token, 1 for a real token and 0 for a pad, as int64 [N, D]. */
    static String present(OnnxGraph graph, String tokens) {
        return graph.mlOp("LabelEncoder", List.of(tokens), OnnxGraph.Attribute.strings("keys_strings", List.of(PAD)),
                OnnxGraph.Attribute.longs("values_int64s", new long[] {0}),
                OnnxGraph.Attribute.of("default_int64", 1L));
    }
}
