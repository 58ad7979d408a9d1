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
 * @param task {@code binary}, {@code multiclass}, {@code regression} or {@code recommendation} ({@code binary} when absent:
 *     bundles written before tasks existed)
 * @param classes the label values by class index (binary: negative, positive; empty for regression)
 * @param threshold the decision threshold on the positive-class probability (binary), chosen on
 *     validation data; null means 0.5
 */
public record Signature(List<Input> inputs, String label, String positiveClass, String negativeClass,
                        String missing, List<String> outputs, String task, List<String> classes, Double threshold) {
    public static final String TASK_BINARY = "binary";
    public static final String TASK_MULTICLASS = "multiclass";
    public static final String TASK_REGRESSION = "regression";
    public static final String TASK_RECOMMENDATION = "recommendation";
    public static final String ROLE_ID = "id";
    public static final String ROLE_CATEGORICAL = "categorical";
    public static final String ROLE_NUMERIC = "numeric";
    public static final String ROLE_TEXT = "text";
    /** A recommendation's user column. */
    public static final String ROLE_USER = "user";
    /** A recommendation's item column. */
    public static final String ROLE_ITEM = "item";

    /**
     * One input column.
     *
     * @param name column name
     * @param type {@code string} or {@code double}
     * @param role {@code id}, {@code categorical}, {@code numeric}, {@code text}, or a recommendation's
     *     {@code user} and {@code item}
     * @param categories for categorical columns, the categories seen in training, most frequent first
     */
    public record Input(String name, String type, String role, List<String> categories) {
        public Input {
            categories = categories == null ? List.of() : List.copyOf(categories);
        }
    }

    /** A binary signature with the default threshold. */
    public Signature(List<Input> inputs, String label, String positiveClass, String negativeClass, String missing,
                     List<String> outputs) {
        this(inputs, label, positiveClass, negativeClass, missing, outputs, TASK_BINARY,
                positiveClass == null || negativeClass == null ? List.of() : List.of(negativeClass, positiveClass),
                null);
    }

    public Signature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        task = task == null ? TASK_BINARY : task;
        classes = classes == null ? List.of() : List.copyOf(classes);
    }

    /**
     * The inputs an exported graph reads, in order: every input but the ids and a recommender's item
     * column (a recommendation graph reads the user alone).
     */
    public List<Input> graphInputs() {
        return inputs.stream().filter(i -> !ROLE_ID.equals(i.role()) && !ROLE_ITEM.equals(i.role())).toList();
    }

    public List<String> columns(String role) {
        return inputs.stream().filter(i -> i.role().equals(role)).map(Input::name).toList();
    }
}
