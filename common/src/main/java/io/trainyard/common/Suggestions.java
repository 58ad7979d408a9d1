package io.trainyard.common;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean …?" for config keys, column names and parameter names. */
public final class Suggestions {
    private Suggestions() {
    }

    /**
     * The candidate closest to {@code name} by edit distance (case-insensitive), if it is close
     * enough to be a plausible typo: at most a third of the name's length (at least 2 edits), or
     * one name a prefix of the other ({@code max-iterations} → {@code max-iter}).
     */
    public static Optional<String> nearest(String name, Collection<String> candidates) {
        String needle = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String other = candidate.toLowerCase(Locale.ROOT);
            boolean prefix = Math.min(needle.length(), other.length()) >= 3
                    && (needle.startsWith(other) || other.startsWith(needle));
            int distance = prefix ? 1 : distance(needle, other);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        int allowed = Math.max(2, needle.length() / 3);
        return bestDistance <= allowed ? Optional.ofNullable(best) : Optional.empty();
    }

    /** {@code "; did you mean 'x'?"} or the empty string. */
    public static String didYouMean(String name, Collection<String> candidates) {
        return nearest(name, candidates).map(s -> "; did you mean '" + s + "'?").orElse("");
    }

    /** Levenshtein distance, two rows of the table. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
