package io.trainyard.common;

import java.util.regex.Pattern;

/**
 * Job ids and the paths they end up in, as schedulers hand them over. Airflow's run ids look like
 * {@code scheduled__2026-11-25T02:00:00+00:00} (also {@code manual__…}, {@code dataset_triggered__…},
 * {@code asset_triggered__…}); its default {@code allowed_run_id_pattern} is
 * {@code ^[A-Za-z0-9_.~:+-]+$}, and trainyard accepts exactly those characters in a job id.
 *
 * <p>A ':' inside a folder or file name cannot be read back through Hadoop: its path parser (and
 * the globber behind every Spark read) takes what comes before the colon for a URI scheme
 * ("Relative path in absolute URI"). So wherever a job id or a path names a folder, a ':' in a
 * segment is written as {@code %3A}, the way Spark itself writes a ':' in a partition value
 * ({@code ExternalCatalogUtils.escapePathName}). A '+' stays as it is: Hadoop reads it back on
 * local, HDFS and S3A paths.
 */
public final class SafeNames {
    /** The characters of Airflow's default {@code allowed_run_id_pattern}. */
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_.~:+-]{1,250}");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private SafeNames() {
    }

    /**
     * The job id, or a usage error (exit 2) naming {@code source} when it cannot be one path
     * segment: anything but letters, digits and {@code _ . ~ : + -}, longer than 250 characters
     * (Airflow's own limit), or {@code .} / {@code ..}.
     */
    public static String jobId(String id, String source) {
        if (id == null || !JOB_ID.matcher(id).matches() || id.equals(".") || id.equals("..")) {
            throw TrainyardException.usage(source + " '" + printable(id) + "' is not a safe job id: use 1 to 250 of"
                    + " A-Z a-z 0-9 _ . ~ : + - (the characters of Airflow's run ids), and not '.' or '..'");
        }
        return id;
    }

    /** One folder or file name as trainyard writes it: each ':' as {@code %3A}. */
    public static String segment(String name) {
        return name.replace(":", "%3A");
    }

    /**
     * The path with a ':' in any of its folder or file names written as {@code %3A}; the scheme
     * ({@code s3a:}, {@code file:}) and the authority ({@code //bucket}, {@code //host:8020}) stay
     * as they are. Returns the same string when nothing needs encoding.
     */
    public static String path(String path) {
        if (path == null || path.indexOf(':') < 0) {
            return path;
        }
        int start = 0;
        java.util.regex.Matcher scheme = SCHEME.matcher(path);
        if (scheme.find() && scheme.end() > 2) { // one letter before ':' would be a Windows drive, not a scheme
            start = scheme.end();
            if (path.startsWith("//", start)) {
                int slash = path.indexOf('/', start + 2);
                start = slash < 0 ? path.length() : slash;
            }
        }
        return path.substring(0, start) + segment(path.substring(start));
    }

    /** The text with control characters shown as '?', for error lines. */
    static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(260).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
