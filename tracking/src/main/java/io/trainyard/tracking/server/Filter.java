package io.trainyard.tracking.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MLflow's simple search filter: comparisons joined by AND, such as
 * {@code metrics.auc > 0.8 and params.model = 'gbt' and tags.`git commit` LIKE 'ab%'}.
 * Evaluated in memory against a field lookup; enough for the embedded server's scale.
 */
final class Filter {
    private static final Pattern CLAUSE = Pattern.compile(
            "^\\s*(\\S+?|\\S+?\\.`[^`]+`|\\S+?\\.\"[^\"]+\")\\s*(!=|>=|<=|=|>|<|\\bI?LIKE\\b)\\s*(.+?)\\s*$",
            Pattern.CASE_INSENSITIVE);

    record Clause(String field, String operator, String value) {
    }

    private final List<Clause> clauses;

    private Filter(List<Clause> clauses) {
        this.clauses = clauses;
    }

    static Filter parse(String text) {
        List<Clause> clauses = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return new Filter(clauses);
        }
        for (String part : splitOnAnd(text)) {
            Matcher matcher = CLAUSE.matcher(part);
            if (!matcher.matches()) {
                throw ApiError.invalid("Invalid filter '" + text + "': cannot parse '" + part.trim()
                        + "'; expected <field> <op> <value> clauses joined by AND.");
            }
            clauses.add(new Clause(normaliseField(matcher.group(1)),
                    matcher.group(2).toUpperCase(Locale.ROOT), unquote(matcher.group(3))));
        }
        return new Filter(clauses);
    }

    List<Clause> clauses() {
        return clauses;
    }

    /** True when every clause holds; the lookup returns a field's value as text, or null if absent. */
    boolean matches(Function<String, String> lookup) {
        for (Clause clause : clauses) {
            String actual = lookup.apply(clause.field());
            if (actual == null || !holds(actual, clause.operator(), clause.value())) {
                return false;
            }
        }
        return true;
    }

    private static boolean holds(String actual, String operator, String expected) {
        switch (operator) {
            case "LIKE":
                return actual.matches(likeToRegex(expected));
            case "ILIKE":
                return actual.toLowerCase(Locale.ROOT).matches(likeToRegex(expected.toLowerCase(Locale.ROOT)));
            default:
                int order = compare(actual, expected);
                return switch (operator) {
                    case "=" -> order == 0;
                    case "!=" -> order != 0;
                    case ">" -> order > 0;
                    case ">=" -> order >= 0;
                    case "<" -> order < 0;
                    default -> order <= 0;
                };
        }
    }

    private static int compare(String actual, String expected) {
        try {
            return Double.compare(Double.parseDouble(actual), Double.parseDouble(expected));
        } catch (NumberFormatException e) {
            return actual.compareTo(expected);
        }
    }

    private static String likeToRegex(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    private static List<String> splitOnAnd(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == 0 && (c == '\'' || c == '"' || c == '`')) {
                quote = c;
            } else if (quote == c) {
                quote = 0;
            } else if (quote == 0 && text.regionMatches(true, i, " and ", 0, 5)) {
                parts.add(current.toString());
                current.setLength(0);
                i += 4;
                continue;
            }
            current.append(c);
        }
        parts.add(current.toString());
        return parts;
    }

    private static String normaliseField(String raw) {
        int dot = raw.indexOf('.');
        String prefix = dot < 0 ? "" : raw.substring(0, dot).toLowerCase(Locale.ROOT);
        String name = unquote(dot < 0 ? raw : raw.substring(dot + 1));
        return switch (prefix) {
            case "metric", "metrics" -> "metrics." + name;
            case "param", "params", "parameter", "parameters" -> "params." + name;
            case "tag", "tags" -> "tags." + name;
            case "attribute", "attributes", "attr", "run" -> name;
            default -> dot < 0 ? name : unquote(raw);
        };
    }

    private static String unquote(String text) {
        String trimmed = text.trim();
        if (trimmed.length() >= 2) {
            char first = trimmed.charAt(0);
            char last = trimmed.charAt(trimmed.length() - 1);
            if ((first == '\'' || first == '"' || first == '`') && first == last) {
                return trimmed.substring(1, trimmed.length() - 1);
            }
        }
        return trimmed;
    }
}
