package io.trainyard.tracking.server;

/** An MLflow-style error: serialised as {@code {"error_code": …, "message": …}} with its HTTP status. */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String errorCode;
    private final int status;

    private ApiError(String errorCode, int status, String message) {
        super(message);
        this.errorCode = errorCode;
        this.status = status;
    }

    static ApiError notFound(String message) {
        return new ApiError("RESOURCE_DOES_NOT_EXIST", 404, message);
    }

    static ApiError invalid(String message) {
        return new ApiError("INVALID_PARAMETER_VALUE", 400, message);
    }

    static ApiError alreadyExists(String message) {
        return new ApiError("RESOURCE_ALREADY_EXISTS", 400, message);
    }

    static ApiError conflict(String message) {
        return new ApiError("RESOURCE_CONFLICT", 409, message);
    }

    static ApiError endpointNotFound(String message) {
        return new ApiError("ENDPOINT_NOT_FOUND", 404, message);
    }

    static ApiError internal(String message) {
        return new ApiError("INTERNAL_ERROR", 500, message);
    }

    String errorCode() {
        return errorCode;
    }

    int status() {
        return status;
    }
}
