package io.trainyard.common;

/**
 * The one exception type trainyard throws on purpose. Its message is a single line that names the
 * thing that is wrong, what was expected, what was found and how to fix it; its category decides
 * the exit code.
 */
public class TrainyardException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCategory category;

    public TrainyardException(ErrorCategory category, String message) {
        super(message);
        this.category = category;
    }

    public TrainyardException(ErrorCategory category, String message, Throwable cause) {
        super(message, cause);
        this.category = category;
    }

    public ErrorCategory category() {
        return category;
    }

    public int exitCode() {
        return category.exitCode();
    }

    public static TrainyardException usage(String message) {
        return new TrainyardException(ErrorCategory.USAGE, message);
    }

    public static TrainyardException data(String message) {
        return new TrainyardException(ErrorCategory.DATA, message);
    }

    public static TrainyardException internal(String message, Throwable cause) {
        return new TrainyardException(ErrorCategory.INTERNAL, message, cause);
    }
}
