package io.trainyard.jobs.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.trainyard.common.ErrorCategory;
import io.trainyard.common.SafeNames;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How a command ended, for a scheduler that cannot see its exit code or its stdout: in Spark's
 * cluster deploy mode the driver runs on the cluster, and YARN reports only SUCCEEDED or FAILED.
 * With {@code --outcome-file PATH} (or {@code TRAINYARD_OUTCOME_FILE}), every command writes one JSON
 * object there when it ends, success or failure: {@code command}, {@code exit_code},
 * {@code category}, {@code status}, {@code job_id}, {@code finished_at}, and the command's
 * {@code --json} summary ({@code summary}) or its one-line {@code error}. The path may be local or
 * on any Hadoop file system the job can write ({@code hdfs:}, {@code s3a:}); the file appears whole
 * (written aside, then renamed) and a ':' in its folder names is written as {@code %3A}.
 */
public final class Outcome {
    public static final String ENV = "TRAINYARD_OUTCOME_FILE";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static volatile String target;
    private static volatile String command = "none";
    private static volatile Map<String, Object> summary;

    private Outcome() {
    }

    /** Starts recording a command; {@code file} is the option's value, or null for the environment's. */
    public static void begin(String name, String file, Map<String, String> env) {
        command = name;
        summary = null;
        String chosen = file != null ? file : env.get(ENV);
        target = chosen == null || chosen.isBlank() ? null : SafeNames.path(chosen.strip());
    }

    /** The command's summary: its --json object, success or error. */
    public static void summary(Map<String, Object> value) {
        summary = value;
    }

    /** The file asked for, or null. */
    public static String target() {
        return target;
    }

    /**
     * Writes the outcome of a command that exits with {@code exitCode}, when a file was asked for;
     * returns false (and says why on stderr) when it could not be written.
     */
    public static boolean write(int exitCode) {
        String file = target;
        if (file == null) {
            return true;
        }
        Map<String, Object> outcome = describe(exitCode);
        try {
            byte[] bytes = JSON.writeValueAsBytes(outcome);
            URI uri = uri(file);
            if (uri == null || uri.getScheme() == null || uri.getScheme().length() == 1 || "file".equals(uri.getScheme())) {
                writeLocal(uri != null && "file".equals(uri.getScheme()) ? Paths.get(uri) : Paths.get(file), bytes);
            } else {
                HadoopFiles.writeWhole(file, bytes);
            }
            return true;
        } catch (IOException | RuntimeException | LinkageError e) {
            System.err.println("trainyard: could not write the outcome to " + file + ": " + e);
            return false;
        }
    }

    static Map<String, Object> describe(int exitCode) {
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("command", command);
        outcome.put("exit_code", exitCode);
        outcome.put("category", category(exitCode));
        outcome.put("status", exitCode == 0 ? "ok" : "error");
        outcome.put("job_id", JobContext.current().jobId());
        outcome.put("finished_at", Instant.now().toString());
        Map<String, Object> recorded = summary;
        if (recorded != null && recorded.containsKey("error")) {
            outcome.put("error", recorded.get("error"));
        }
        outcome.put("summary", recorded);
        return outcome;
    }

    /** The category name of an exit code, as in the --json error summary. */
    public static String category(int exitCode) {
        if (exitCode == 0) {
            return "ok";
        }
        for (ErrorCategory category : ErrorCategory.values()) {
            if (category.exitCode() == exitCode) {
                return category.name().toLowerCase(Locale.ROOT);
            }
        }
        return ErrorCategory.INTERNAL.name().toLowerCase(Locale.ROOT);
    }

    private static void writeLocal(Path file, byte[] bytes) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path partial = Files.createTempFile(folder, "." + file.getFileName(), ".part");
        try {
            Files.write(partial, bytes);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static URI uri(String file) {
        try {
            return new URI(file.replace(" ", "%20"));
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /** Kept apart so that loading {@link Outcome} needs no Hadoop: {@code serve} runs without it. */
    private static final class HadoopFiles {
        static void writeWhole(String file, byte[] bytes) throws IOException {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file);
            org.apache.hadoop.fs.FileSystem fs = path.getFileSystem(configuration());
            org.apache.hadoop.fs.Path partial = new org.apache.hadoop.fs.Path(path.getParent(),
                    "." + path.getName() + ".part");
            try (var out = fs.create(partial, true)) {
                out.write(bytes);
            }
            fs.delete(path, false);
            if (!fs.rename(partial, path)) {
                throw new IOException("could not rename " + partial + " to " + path);
            }
        }

        /** The running Spark session's Hadoop settings (spark.hadoop.* of spark-submit), else Hadoop's defaults. */
        private static org.apache.hadoop.conf.Configuration configuration() {
            scala.Option<org.apache.spark.sql.SparkSession> active = org.apache.spark.sql.SparkSession.getActiveSession();
            scala.Option<org.apache.spark.sql.SparkSession> any = active.isDefined() ? active
                    : org.apache.spark.sql.SparkSession.getDefaultSession();
            return any.isDefined() ? any.get().sparkContext().hadoopConfiguration()
                    : new org.apache.hadoop.conf.Configuration();
        }
    }
}
