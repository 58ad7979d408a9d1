package io.trainyard.jobs.config;

import io.trainyard.common.TrainyardException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Paths;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An input checked before any tracking run or Spark session starts, so a wrong path costs one line
 * and exit 2 rather than a FAILED run and seconds of start-up. Only local paths are checked here (a
 * remote one needs the job's Hadoop settings, which come with its Spark session); relative paths
 * resolve against the working directory, as every path on trainyard's command line and in its
 * configs does.
 */
public final class Inputs {
    private Inputs() {
    }

    /** Refuses a local file, folder or glob that matches nothing; {@code what} names where the path came from. */
    public static void requireExists(String path, String what) {
        URI uri;
        try {
            uri = new URI(path.replace(" ", "%20"));
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        if (!io.trainyard.common.SafeNames.path(path).equals(path)) {
            throw TrainyardException.usage("Input " + path + " (" + what + ") has a ':' in a folder or file name,"
                    + " which Hadoop and Spark cannot read; rename it (trainyard writes a ':' as %3A)");
        }
        if (uri != null && uri.getScheme() != null && !"file".equals(uri.getScheme())) {
            return;
        }
        String cwd = Paths.get("").toAbsolutePath().toString();
        FileStatus[] matches;
        try {
            matches = FileSystem.getLocal(new Configuration()).globStatus(new Path(path));
        } catch (IOException | IllegalArgumentException e) {
            throw TrainyardException.usage("Input " + path + " (" + what + ") cannot be read: " + firstLine(e));
        }
        if (matches == null || matches.length == 0) {
            throw TrainyardException.usage("Input " + path + " (" + what + ") does not exist"
                    + (Paths.get(path).isAbsolute() ? "" : " in the working directory " + cwd
                    + " (relative paths resolve against the folder trainyard runs in: run it from there or give an"
                    + " absolute path)"));
        }
    }

    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
