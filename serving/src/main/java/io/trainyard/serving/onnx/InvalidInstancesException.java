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
     * @param field the path, e.g. {@code instances[3].state}
     * @param message what was expected and what was found
     */
    public record FieldError(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
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
