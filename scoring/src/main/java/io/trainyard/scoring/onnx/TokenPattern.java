package io.trainyard.scoring.onnx;

import java.util.Optional;
import java.util.Set;

/**
 * A Java token regex translated to RE2 (ONNX Runtime's {@code Tokenizer}), only where the two
 * provably cut text the same way: one atom, optionally repeated with a greedy {@code +}. The atom
 * is a character class {@code [...]} (ranges, literals, escaped punctuation, {@code \s \w \d \W \D}
 * and Unicode categories {@code \p{L}}, {@code \P{N}}...), one of those escapes alone, or one
 * literal character. For such a pattern Java's leftmost-first match and RE2's leftmost-longest
 * match are the same maximal run. Java's {@code \s} is [ \t\n\x0B\f\r], RE2's lacks \x0B, so it is
 * spelled out. Anything else (alternation, groups, lazy or possessive quantifiers, {@code .},
 * anchors, look-around, nested or intersected classes, POSIX or Java-specific classes) is refused:
 * the two engines differ on some of them, and equivalence is not checked case by case.
 */
record TokenPattern(String re2) {
    private static final String JAVA_SPACE = "\\t\\n\\x0B\\f\\r ";
    private static final Set<String> CATEGORIES = Set.of("L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me",
            "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "S", "Sm", "Sc", "Sk", "So", "Z",
            "Zs", "Zl", "Zp", "C", "Cc", "Cf", "Co", "Cs");
    private static final String META = ".^$|?*+()[]{}\\";

    /** The RE2 equivalent of {@code java}, or empty when the pattern is outside the supported subset. */
    static Optional<TokenPattern> of(String java) {
        if (java == null || java.isEmpty()) {
            return Optional.empty();
        }
        boolean repeated = java.endsWith("+") && !java.endsWith("\\+");
        String atom = repeated ? java.substring(0, java.length() - 1) : java;
        Optional<String> translated = atom.startsWith("[") ? characterClass(atom) : single(atom);
        return translated.map(a -> new TokenPattern(repeated ? a + "+" : a));
    }

    /** What a refusal message says the pattern may be. */
    static String supported() {
        return "one character class, escape (\\s \\w \\d \\W \\D \\S \\p{L}...) or literal character, optionally"
                + " followed by +, e.g. \\s+ or [^\\p{L}\\p{N}]+";
    }

    private static Optional<String> single(String atom) {
        if (atom.equals("\\s")) {
            return Optional.of("[" + JAVA_SPACE + "]");
        }
        if (atom.equals("\\S")) {
            return Optional.of("[^" + JAVA_SPACE + "]");
        }
        if (Set.of("\\w", "\\W", "\\d", "\\D").contains(atom) || category(atom)) {
            return Optional.of(atom);
        }
        if (atom.length() == 1 && META.indexOf(atom.charAt(0)) < 0) {
            return Optional.of(atom);
        }
        if (atom.length() == 2 && atom.charAt(0) == '\\' && META.indexOf(atom.charAt(1)) >= 0) {
            return Optional.of(atom);
        }
        return Optional.empty();
    }

    private static Optional<String> characterClass(String atom) {
        if (!atom.endsWith("]") || atom.length() < 3) {
            return Optional.empty();
        }
        String inner = atom.substring(1, atom.length() - 1);
        StringBuilder out = new StringBuilder("[");
        int i = 0;
        if (inner.startsWith("^")) {
            out.append('^');
            i = 1;
        }
        if (i == inner.length() || inner.contains("&&")) {
            return Optional.empty();
        }
        while (i < inner.length()) {
            char c = inner.charAt(i);
            if (c == '[' || c == ']') {
                return Optional.empty();
            }
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= inner.length()) {
                return Optional.empty();
            }
            char e = inner.charAt(i + 1);
            if (e == 'p' || e == 'P') {
                int end = inner.indexOf('}', i);
                if (end < 0 || !category(inner.substring(i, end + 1))) {
                    return Optional.empty();
                }
                out.append(inner, i, end + 1);
                i = end + 1;
            } else if (e == 's') {
                out.append(JAVA_SPACE);
                i += 2;
            } else if ("wWdDtnfr".indexOf(e) >= 0 || META.indexOf(e) >= 0 || e == '-') {
                out.append(inner, i, i + 2);
                i += 2;
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(out.append(']').toString());
    }

    private static boolean category(String escape) {
        return (escape.startsWith("\\p{") || escape.startsWith("\\P{")) && escape.endsWith("}")
                && CATEGORIES.contains(escape.substring(3, escape.length() - 1));
    }
}
