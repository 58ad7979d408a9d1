package io.trainyard.scoring.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Java token patterns that RE2 cuts alike are translated; the others are refused, never guessed. */
class TokenPatternTest {
    private static String re2(String java) {
        return TokenPattern.of(java).map(TokenPattern::re2).orElse(null);
    }

    @Test
    void javaWhitespaceKeepsTheVerticalTabThatRe2LacksInBackslashS() {
        assertThat(re2("\\s+")).isEqualTo("[\\t\\n\\x0B\\f\\r ]+");
        assertThat(re2("\\s")).isEqualTo("[\\t\\n\\x0B\\f\\r ]");
        assertThat(re2("\\S+")).isEqualTo("[^\\t\\n\\x0B\\f\\r ]+");
        assertThat(re2("[\\s,;]+")).isEqualTo("[\\t\\n\\x0B\\f\\r ,;]+");
    }

    @Test
    void classesEscapesCategoriesAndLiteralsPassAsTheyAre() {
        assertThat(re2("[^\\p{L}\\p{N}]+")).isEqualTo("[^\\p{L}\\p{N}]+");
        assertThat(re2("\\W+")).isEqualTo("\\W+");
        assertThat(re2("\\p{Lu}")).isEqualTo("\\p{Lu}");
        assertThat(re2("[a-z0-9_\\-]+")).isEqualTo("[a-z0-9_\\-]+");
        assertThat(re2(",")).isEqualTo(",");
        assertThat(re2("\\.")).isEqualTo("\\.");
    }

    @Test
    void constructsWhereTheEnginesMayDifferAreRefused() {
        for (String java : new String[] {"a|b", "(\\s)+", "\\w+?", "\\w++", ".", "\\s*", "[a-z&&[^e]]",
            "\\p{Alpha}+", "\\p{IsLatin}", "\\b", "^\\s", "[[a-z]]", "", "\\w{2,}", "\\R"}) {
            assertThat(TokenPattern.of(java)).as(java).isEmpty();
        }
    }
}
