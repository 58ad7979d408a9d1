package io.trainyard.tracking.rest;

import io.trainyard.common.ErrorCategory;
import io.trainyard.common.TrainyardException;

/**
 * The tracking server answered with an error: its HTTP status and MLflow {@code error_code}
 * (RESOURCE_DOES_NOT_EXIST, RESOURCE_ALREADY_EXISTS, INVALID_PARAMETER_VALUE, RESOURCE_CONFLICT…),
 * so callers can turn the expected ones into better messages.
 */
public final class MlflowApiException extends TrainyardException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errorCode;

    MlflowApiException(int status, String errorCode, String message) {
        super(status >= 500 ? ErrorCategory.INTERNAL : ErrorCategory.USAGE, message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    public boolean isNotFound() {
        return status == 404 || "RESOURCE_DOES_NOT_EXIST".equals(errorCode);
    }

    public boolean isAlreadyExists() {
        return "RESOURCE_ALREADY_EXISTS".equals(errorCode);
    }
}
