package io.trainyard.features.load;

import io.trainyard.common.TrainyardException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The two classes of a binary label, with the positive one resolved from config or from the values. */
record LabelClasses(String positive, String negative) {

    static LabelClasses resolve(String label, String configured, Map<String, Long> counts) {
        List<String> values = new ArrayList<>(counts.keySet());
        if (values.size() == 1) {
            throw TrainyardException.data("Label '" + label + "' has one class only ('" + values.get(0) + "' in "
                    + counts.get(values.get(0)) + " rows); a classifier needs both classes: check the input or its filter");
        }
        if (values.size() > 2) {
            String shown = String.join(", ", values.subList(0, Math.min(values.size(), 8)))
                    + (values.size() > 8 ? ", …" : "");
            throw TrainyardException.data("Label '" + label + "' has " + (values.size() > 20 ? "more than 20" : values.size())
                    + " values (" + shown + "); binary classification needs exactly two. Check label.column");
        }
        String positive = configured != null ? configured : inferPositive(label, values);
        if (!values.contains(positive)) {
            boolean yamlBoolean = ("true".equals(positive) || "false".equals(positive))
                    && values.stream().anyMatch(v -> List.of("yes", "no", "on", "off", "y", "n")
                    .contains(v.toLowerCase(Locale.ROOT)));
            throw TrainyardException.data("label.positive '" + positive + "' is not a value of label '" + label
                    + "' (values: " + String.join(", ", values) + "); set label.positive to one of them"
                    + (yamlBoolean ? ", quoted (positive: \"yes\"): YAML reads a bare yes as true" : ""));
        }
        String negative = values.get(0).equals(positive) ? values.get(1) : values.get(0);
        return new LabelClasses(positive, negative);
    }

    private static String inferPositive(String label, List<String> values) {
        for (String value : values) {
            if (isOne(value)) {
                return value;
            }
        }
        throw TrainyardException.usage("label.positive is required: label '" + label + "' has values "
                + String.join(", ", values) + "; set label.positive: " + values.get(values.size() - 1));
    }

    private static boolean isOne(String value) {
        if ("true".equals(value.toLowerCase(Locale.ROOT))) {
            return true;
        }
        try {
            return Double.parseDouble(value) == 1.0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
