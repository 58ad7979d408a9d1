package io.trainyard.serving.onnx;

import io.trainyard.serving.bundle.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Instances given as name to value maps, checked against the signature and laid out column by
 * column: strings for categorical inputs (null = missing, scored as an unseen category), doubles
 * for numeric inputs (null = missing, NaN, imputed by the model). Every wrong field is collected.
 */
final class InstanceBatch {
    /** The string a missing categorical value is sent as: never a trained category (CSV reads "" as null). */
    static final String MISSING_CATEGORY = "";

    final List<Signature.Input> inputs;
    final Object[] columns;

    private InstanceBatch(List<Signature.Input> inputs, Object[] columns) {
        this.inputs = inputs;
        this.columns = columns;
    }

    static InstanceBatch of(Signature signature, List<Map<String, Object>> instances) {
        List<InvalidInstancesException.FieldError> errors = new ArrayList<>();
        if (instances == null || instances.isEmpty()) {
            throw new InvalidInstancesException(List.of(new InvalidInstancesException.FieldError("instances",
                    "expected at least one instance, found none")));
        }
        List<Signature.Input> inputs = signature.inputs().stream()
                .filter(i -> !Signature.ROLE_ID.equals(i.role())).toList();
        Object[] columns = new Object[inputs.size()];
        for (int c = 0; c < inputs.size(); c++) {
            boolean text = "string".equals(inputs.get(c).type());
            columns[c] = text ? new String[instances.size()] : new double[instances.size()];
        }
        for (int r = 0; r < instances.size(); r++) {
            Map<String, Object> instance = instances.get(r);
            for (int c = 0; c < inputs.size(); c++) {
                fill(inputs.get(c), instance, r, columns[c], errors);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInstancesException(errors);
        }
        return new InstanceBatch(inputs, columns);
    }

    private static void fill(Signature.Input input, Map<String, Object> instance, int row, Object column,
                             List<InvalidInstancesException.FieldError> errors) {
        String field = "instances[" + row + "]." + input.name();
        if (instance == null || !instance.containsKey(input.name())) {
            errors.add(new InvalidInstancesException.FieldError(field, "missing; expected "
                    + expected(input) + " (send null for an unknown value)"));
            return;
        }
        Object value = instance.get(input.name());
        if (column instanceof String[] strings) {
            if (value == null || value instanceof String) {
                strings[row] = value == null ? MISSING_CATEGORY : (String) value;
            } else {
                errors.add(wrongType(field, input, value));
            }
        } else {
            double[] numbers = (double[]) column;
            if (value == null || value instanceof Number) {
                numbers[row] = value == null ? Double.NaN : ((Number) value).doubleValue();
            } else {
                errors.add(wrongType(field, input, value));
            }
        }
    }

    private static InvalidInstancesException.FieldError wrongType(String field, Signature.Input input, Object value) {
        String shown = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        return new InvalidInstancesException.FieldError(field, "expected " + expected(input) + ", found "
                + typeName(value) + " " + shown);
    }

    private static String expected(Signature.Input input) {
        return "string".equals(input.type()) ? "a string" : "a number";
    }

    private static String typeName(Object value) {
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Map) {
            return "object";
        }
        if (value instanceof List) {
            return "array";
        }
        return value.getClass().getSimpleName();
    }
}
