package io.trainyard.features.load;

import io.trainyard.common.ErrorCategory;
import io.trainyard.common.TrainyardException;
import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

/**
 * The Hadoop {@code FileSystem} of a path the user gave (input, output, artifact), with a one-line
 * usage error when its connector is not on the classpath. Hadoop reports that case two ways: a
 * scheme it knows nothing of is an {@link UnsupportedFileSystemException}; a scheme its defaults
 * map to a class that is absent ({@code s3a:} without hadoop-aws, {@code gs:} without the GCS
 * connector) is a {@code RuntimeException} wrapping a {@link ClassNotFoundException}, which would
 * otherwise surface as an unexpected error.
 */
public final class FileSystems {
    /** What to add for the connectors users ask for most; Spark 3.5 is built on Hadoop 3.3.4. */
    private static final String S3A_FIX = "spark-submit --packages org.apache.hadoop:hadoop-aws:3.3.4, or for"
            + " scripts/trainyard TRAINYARD_CLASSPATH=<hadoop-aws-3.3.4.jar>:<aws-java-sdk-bundle-1.12.262.jar>"
            + " (see README, 'Object stores')";

    private FileSystems() {
    }

    /**
     * The file system of {@code path}; {@code role} names it in errors ("Input path", "Output").
     *
     * @throws TrainyardException usage (exit 2) when no connector for the scheme is on the classpath
     * @throws IOException when the file system itself fails to start
     */
    public static FileSystem of(Path path, Configuration conf, String role) throws IOException {
        try {
            return path.getFileSystem(conf);
        } catch (UnsupportedFileSystemException e) {
            throw missingConnector(path, role, null);
        } catch (RuntimeException e) {
            ClassNotFoundException missing = classNotFound(e);
            if (missing == null) {
                throw e;
            }
            throw missingConnector(path, role, missing);
        }
    }

    private static TrainyardException missingConnector(Path path, String role, ClassNotFoundException missing) {
        String scheme = path.toUri().getScheme() == null ? "" : path.toUri().getScheme().toLowerCase(Locale.ROOT);
        String found = missing == null ? "Hadoop knows no file system for scheme '" + scheme + "'"
                : "the connector for scheme '" + scheme + "' is not on the classpath (" + missing.getMessage() + ")";
        String fix = scheme.equals("s3a") ? "add it: " + S3A_FIX
                : "add the scheme's Hadoop connector to the classpath (spark-submit --packages or --jars; for"
                        + " scripts/trainyard, TRAINYARD_CLASSPATH) or set spark.hadoop.fs." + scheme + ".impl";
        return new TrainyardException(ErrorCategory.USAGE, role + " " + path + ": " + found
                + "; " + fix, missing);
    }

    private static ClassNotFoundException classNotFound(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ClassNotFoundException missing) {
                return missing;
            }
        }
        return null;
    }
}
