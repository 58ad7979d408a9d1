package io.trainyard.scoring;

import io.trainyard.common.TrainyardException;
import java.util.Locale;

/**
 * What scoring does with a row whose feature value is missing, not a number, or a category the
 * model never saw (Spark's {@code handleInvalid} words). Every such row is counted either way.
 */
public enum InvalidRows {
    /** Score it the way the model was trained to (imputed gaps, the unseen-category slot); text in a numeric column is still an error. */
    KEEP,
    /** Leave it out of the output and count it as rejected. */
    SKIP,
    /** Refuse the input (exit 3) before anything is written. */
    ERROR;

    public static InvalidRows of(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw TrainyardException.usage("--on-invalid " + value + " is not a policy; use keep, skip or error");
        }
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
