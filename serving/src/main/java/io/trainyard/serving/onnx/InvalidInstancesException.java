package io.trainyard.serving.onnx;

import io.trainyard.common.ErrorCategory;
import io.trainyard.common.TrainyardException;
import java.util.List;
import java.util.stream.Collectors;

/** A batch was refused before scoring: one entry per wrong field, so a client can fix all at once. */
public final class InvalidInstancesException extends TrainyardException {
    private static final long serialVersionUID = 1L;

    /**
     * One wrong field.
     *
     * @param instance the instance's index in the batch, or -1 for the batch itself
     * @param field the input column, or null when the whole instance or batch is wrong
     * @param problem what was expected and what was found
     */
    public record FieldError(int instance, String field, String problem) {
        /** A problem with the batch as a whole, e.g. no instances. */
        public static FieldError batch(String problem) {
            return new FieldError(-1, null, problem);
        }

        /** The path a client reads, e.g. {@code instances[3].state}. */
        public String path() {
            String batch = "instances";
            if (instance < 0) {
                return batch;
            }
            return batch + "[" + instance + "]" + (field == null ? "" : "." + field);
        }

        @Override
        public String toString() {
            return path() + ": " + problem;
        }
    }

    private final List<FieldError> errors;

    public InvalidInstancesException(List<FieldError> errors) {
        super(ErrorCategory.DATA, errors.size() + " invalid field(s): "
                + errors.stream().limit(10).map(FieldError::toString).collect(Collectors.joining("; "))
                + (errors.size() > 10 ? "; …" : ""));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
