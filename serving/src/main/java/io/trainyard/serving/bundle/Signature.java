package io.trainyard.serving.bundle;

import java.util.List;

/**
 * What a model expects and returns, readable without trainyard: the input columns with their
 * types and roles, the categories seen in training, the missing-value policy, the label classes.
 *
 * @param inputs input columns in order: ids, categorical, numeric
 * @param label the raw label column of the training data
 * @param positiveClass the label value the probability is for
 * @param negativeClass the other label value
 * @param missing numeric missing-value policy ({@code median}, {@code mean}: imputed with training
 *     statistics; {@code error}: refused); categorical missing or unseen values get their own slot
 * @param outputs the columns a prediction adds
 */
public record Signature(List<Input> inputs, String label, String positiveClass, String negativeClass,
                        String missing, List<String> outputs) {
    public static final String ROLE_ID = "id";
    public static final String ROLE_CATEGORICAL = "categorical";
    public static final String ROLE_NUMERIC = "numeric";

    /**
     * One input column.
     *
     * @param name column name
     * @param type {@code string} or {@code double}
     * @param role {@code id}, {@code categorical} or {@code numeric}
     * @param categories for categorical columns, the categories seen in training, most frequent first
     */
    public record Input(String name, String type, String role, List<String> categories) {
        public Input {
            categories = categories == null ? List.of() : List.copyOf(categories);
        }
    }

    public Signature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public List<String> columns(String role) {
        return inputs.stream().filter(i -> i.role().equals(role)).map(Input::name).toList();
    }
}
