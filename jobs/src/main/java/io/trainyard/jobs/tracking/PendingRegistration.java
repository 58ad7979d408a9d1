package io.trainyard.jobs.tracking;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.trainyard.common.TrainyardException;
import io.trainyard.tracking.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Everything a finished training still has to send to MLflow, written next to the bundle before
 * the first call. If the tracking server goes away mid-run, the trained bundle is not lost:
 * {@code trainyard register --resume <output.dir>} replays this file against the server once it is
 * back. Every step of the replay is idempotent (metrics keep their original timestamps, the
 * model version carries an idempotency key, the alias moves only if it is not already there), so
 * a replay after a partial registration completes it without duplicates.
 *
 * @param trackingUri the server the run was started on (for the message only)
 * @param model the registered model's name
 * @param runId the run started at the beginning of training
 * @param artifactUri the run's artifact root
 * @param bundleDir the local model bundle to upload
 * @param metrics CV and holdout metrics, with their original timestamps
 * @param params the winner's params ({@code best.*})
 * @param versionTags tags of the new model version
 * @param user who trained
 */
public record PendingRegistration(String trackingUri, String model, String runId, String artifactUri,
                                  String bundleDir, List<Metric> metrics, Map<String, String> params,
                                  Map<String, String> versionTags, String user) {
    /** The journal's file name inside {@code output.dir}. */
    public static final String FILE = "pending-registration.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Writes the journal into {@code outputDir} atomically; returns its path. */
    public Path write(Path outputDir) {
        Path file = outputDir.resolve(FILE);
        Path partial = outputDir.resolve("." + FILE + ".part");
        try {
            Files.createDirectories(outputDir);
            JSON.writeValue(partial.toFile(), this);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw TrainyardException.internal("Cannot write " + file + ": " + e.getMessage()
                    + ". Check that output.dir is writable.", e);
        }
    }

    /** Reads the journal of {@code outputDir} (or the journal file itself). */
    public static PendingRegistration read(Path outputDirOrFile) {
        Path file = Files.isDirectory(outputDirOrFile) ? outputDirOrFile.resolve(FILE) : outputDirOrFile;
        if (!Files.isRegularFile(file)) {
            throw TrainyardException.usage("No pending registration at " + file + ": pass the output.dir of a"
                    + " train whose registration was interrupted (it holds " + FILE + ").");
        }
        try {
            PendingRegistration pending = JSON.readValue(file.toFile(), PendingRegistration.class);
            if (!Files.isDirectory(Path.of(pending.bundleDir()))) {
                throw TrainyardException.data("The pending registration " + file + " names the bundle "
                        + pending.bundleDir() + ", which no longer exists; re-run train.");
            }
            return pending;
        } catch (IOException e) {
            throw TrainyardException.data("Cannot read the pending registration " + file + ": "
                    + e.getMessage().lines().findFirst().orElse("") + ". Re-run train instead.");
        }
    }

    /** Removes the journal once the registration is complete. */
    public static void clear(Path outputDir) {
        try {
            Files.deleteIfExists(outputDir.resolve(FILE));
        } catch (IOException e) {
            throw TrainyardException.internal("Cannot remove " + outputDir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }
}
