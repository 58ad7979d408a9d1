package io.trainyard.jobs.config;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds where a key path ({@code cv.fods}) is written in a YAML text. Jackson's YAML parser reports
 * the position it has read ahead to, often the line after the offending key; users want the key's
 * own line. Each named step is searched for after the previous one, which matches both block
 * ({@code cv:\n  folds: 3}) and flow ({@code cv: {folds: 3}}) style.
 */
final class KeyLocator {
    private KeyLocator() {
    }

    /** {@code [line, column]}, 1-based, of the last named step of {@code path}, or null. */
    static int[] locate(String text, List<String> path) {
        int from = 0;
        int found = -1;
        for (String step : path) {
            Matcher m = Pattern.compile("(^|[\\s{,\\-])(\"|')?" + Pattern.quote(step) + "(\"|')?\\s*:", Pattern.MULTILINE)
                    .matcher(text);
            if (!m.find(from)) {
                return null;
            }
            found = m.start(2) >= 0 ? m.start(2) : m.start() + m.group(1).length();
            from = m.end();
        }
        if (found < 0) {
            return null;
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < found; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, found - lineStart + 1};
    }
}
