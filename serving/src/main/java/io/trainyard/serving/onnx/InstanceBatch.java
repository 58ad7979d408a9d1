package io.trainyard.serving.onnx;

import io.trainyard.serving.bundle.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Instances given as name to value maps, checked against the signature and laid out column by
 * column: strings for categorical inputs (null = missing, scored as an unseen category), doubles
 * for numeric inputs (null = missing, NaN, imputed by the model unless its missing policy is
 * {@code error}; infinities are always refused: no training row had one). Every wrong field is collected.
 */
final class InstanceBatch {
    /** The string a missing categorical value is sent as: never a trained category (CSV reads "" as null). */
    static final String MISSING_CATEGORY = "";
    /** The signature's {@code missing} policy under which numeric gaps are refused rather than imputed. */
    static final String MISSING_REFUSED = "error";

    final List<Signature.Input> inputs;
    final Object[] columns;

    private InstanceBatch(List<Signature.Input> inputs, Object[] columns) {
        this.inputs = inputs;
        this.columns = columns;
    }

    static InstanceBatch of(Signature signature, List<Map<String, Object>> instances) {
        List<InvalidInstancesException.FieldError> errors = new ArrayList<>();
        if (instances == null || instances.isEmpty()) {
            throw new InvalidInstancesException(List.of(InvalidInstancesException.FieldError.batch(
                    "expected at least one instance, found none")));
        }
        List<Signature.Input> inputs = signature.graphInputs();
        Object[] columns = new Object[inputs.size()];
        for (int c = 0; c < inputs.size(); c++) {
            boolean text = "string".equals(inputs.get(c).type());
            columns[c] = text ? new String[instances.size()] : new double[instances.size()];
        }
        boolean missingAllowed = !MISSING_REFUSED.equals(signature.missing());
        for (int r = 0; r < instances.size(); r++) {
            Map<String, Object> instance = instances.get(r);
            for (int c = 0; c < inputs.size(); c++) {
                fill(inputs.get(c), instance, r, columns[c], missingAllowed, errors);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInstancesException(errors);
        }
        return new InstanceBatch(inputs, columns);
    }

    private static void fill(Signature.Input input, Map<String, Object> instance, int row, Object column,
                             boolean missingAllowed, List<InvalidInstancesException.FieldError> errors) {
        if (instance == null || !instance.containsKey(input.name())) {
            errors.add(new InvalidInstancesException.FieldError(row, input.name(), "missing; expected "
                    + expected(input) + (missingAllowed ? " (send null for an unknown value)" : "")));
            return;
        }
        Object value = instance.get(input.name());
        if (column instanceof String[] strings) {
            if (Signature.ROLE_USER.equals(input.role()) && wholeNumber(value)) {
                strings[row] = Long.toString(((Number) value).longValue()); // ids often are numbers; training read text
            } else if (value == null || value instanceof String) {
                strings[row] = value == null ? MISSING_CATEGORY : (String) value;
            } else {
                errors.add(wrongType(row, input, value));
            }
        } else {
            double[] numbers = (double[]) column;
            if (value != null && !(value instanceof Number)) {
                errors.add(wrongType(row, input, value));
                return;
            }
            double number = value == null ? Double.NaN : ((Number) value).doubleValue();
            if (Double.isInfinite(number)) {
                errors.add(new InvalidInstancesException.FieldError(row, input.name(),
                        "expected a finite number, found " + number));
            } else if (Double.isNaN(number) && !missingAllowed) {
                errors.add(new InvalidInstancesException.FieldError(row, input.name(), "expected a number, found "
                        + (value == null ? "null" : "NaN") + "; this model refuses missing values (missing: error)"));
            }
            numbers[row] = number;
        }
    }

    private static boolean wholeNumber(Object value) {
        return value instanceof Number number && Double.isFinite(number.doubleValue())
                && number.doubleValue() == Math.rint(number.doubleValue());
    }

    private static InvalidInstancesException.FieldError wrongType(int row, Signature.Input input, Object value) {
        String shown = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        return new InvalidInstancesException.FieldError(row, input.name(), "expected " + expected(input) + ", found "
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
        if (value instanceof Number) {
            return "number";
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
