package io.trainyard.scoring;

import io.trainyard.common.TrainyardException;
import java.util.regex.Pattern;

/**
 * A Hive-style output partition such as {@code date=2026-11-25} (or {@code region=eu/date=…}):
 * the folder under the output that one scoring run owns and replaces, and that Spark, Hive and
 * Trino read back as a column.
 */
final class OutputPartition {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=[A-Za-z0-9_.:+-]+");

    private OutputPartition() {
    }

    /** The checked partition path, or null for none. */
    static String parse(String partition) {
        if (partition == null || partition.isBlank()) {
            return null;
        }
        for (String segment : partition.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.contains("..")) {
                throw TrainyardException.usage("--partition " + partition + " is not a partition like date=2026-11-25"
                        + " (key=value, several joined by '/'; letters, digits and _ . : + - in values)");
            }
        }
        return partition;
    }
}
