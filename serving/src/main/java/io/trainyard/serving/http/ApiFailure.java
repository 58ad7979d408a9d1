package io.trainyard.serving.http;

import io.trainyard.serving.onnx.InvalidInstancesException.FieldError;
import java.util.List;

/**
 * A request the server refuses, with its HTTP status, a stable machine-readable code, a message
 * that says how to fix it, and the wrong fields (for 422). Rendered as the one error body:
 * {@code {"error":{"code":…,"message":…,"fields":[{"instance":i,"field":…,"problem":…}]}}}.
 */
final class ApiFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient List<FieldError> fields;

    ApiFailure(int status, String code, String message) {
        this(status, code, message, List.of());
    }

    ApiFailure(int status, String code, String message, List<FieldError> fields) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.fields = List.copyOf(fields);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    List<FieldError> fields() {
        return fields;
    }
}
