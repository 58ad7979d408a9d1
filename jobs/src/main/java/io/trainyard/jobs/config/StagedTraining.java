package io.trainyard.jobs.config;

import io.trainyard.common.SafeNames;
import io.trainyard.training.TrainResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A training writes into a hidden staging folder inside its output folder ({@code .staging-<job id>},
 * which Spark and people skip), and its {@code model/} and {@code holdout/} move into place only
 * when the whole training (export included) succeeded: a failed or killed training leaves the
 * folder as it found it (an earlier model stays), and at most a hidden staging folder after a kill,
 * which a training in that folder removes a day later.
 */
public final class StagedTraining implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(StagedTraining.class);
    private static final String STAGING = ".staging-";
    private static final java.time.Duration STALE = java.time.Duration.ofHours(24);

    private final Path folder;
    private final Path staging;
    private final boolean created;
    private boolean published;

    private StagedTraining(Path folder, Path staging, boolean created) {
        this.folder = folder;
        this.staging = staging;
        this.created = created;
    }

    /** Claims {@code folder} (see {@link OutputFolders#forTraining}) and makes this job's staging folder in it. */
    public static StagedTraining begin(String folder, String jobId) {
        Path output = OutputFolders.forTraining(folder);
        boolean created = !Files.exists(output);
        try {
            Files.createDirectories(output);
            removeStaleStaging(output);
            Path staging = output.resolve(STAGING + SafeNames.segment(jobId));
            Files.createDirectories(staging);
            return new StagedTraining(output, staging, created);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write to output.dir " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Where the training writes its {@code model/} and {@code holdout/}. */
    public Path staging() {
        return staging;
    }

    /** Moves the staged model and holdout into the output folder, replacing an earlier training's. */
    public TrainResult publish(TrainResult result) {
        try {
            Path bundle = replace(result.bundleDir(), folder.resolve("model"));
            Path holdout = replace(result.holdoutDir(), folder.resolve("holdout"));
            delete(staging);
            published = true;
            return result.movedTo(bundle, holdout);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot publish the training into " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Removes what an unpublished training staged (and the output folder, when this training made it). */
    @Override
    public void close() {
        if (published) {
            return;
        }
        try {
            delete(staging);
            if (created) {
                try (Stream<Path> left = Files.list(folder)) {
                    if (left.findAny().isEmpty()) {
                        Files.delete(folder);
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("could not remove the staging folder {} of the failed training: {}", staging, e.getMessage());
        }
    }

    private Path replace(Path staged, Path target) throws IOException {
        Path aside = target.resolveSibling("." + target.getFileName() + ".replaced");
        delete(aside);
        if (Files.exists(target)) {
            Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        delete(aside);
        return target;
    }

    /** Staging folders of trainings that were killed: untouched for a day (a younger one may still be writing). */
    private static void removeStaleStaging(Path output) throws IOException {
        long staleBefore = System.currentTimeMillis() - STALE.toMillis();
        try (Stream<Path> entries = Files.list(output)) {
            for (Path entry : entries.filter(p -> p.getFileName().toString().startsWith(STAGING)).toList()) {
                if (Files.getLastModifiedTime(entry).toMillis() >= staleBefore) {
                    continue;
                }
                LOG.warn("removing {}, left by a training that was stopped", entry);
                delete(entry);
            }
        }
    }

    private static void delete(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
