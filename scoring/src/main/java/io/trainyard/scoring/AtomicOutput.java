package io.trainyard.scoring;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.trainyard.common.SafeNames;
import io.trainyard.common.TrainyardException;
import io.trainyard.features.load.FileSystems;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Staged, atomic publication of an output folder, or of one partition folder under it, on any
 * Hadoop file system: the job writes into a hidden staging folder beside the target, adds its
 * manifest, and then renames it into place (renaming the previous one aside first and deleting it
 * after). Readers see the old output or the new one; a killed job leaves only hidden folders,
 * which readers skip (Spark ignores names starting with '.' or '_'). A job killed between the two
 * renames leaves the previous output renamed aside: the next run for that target renames it back
 * before anything else. After each publish, what killed runs left beside the same target goes: any
 * renamed-aside output, and staging folders untouched for {@link #STALE_STAGING} (younger ones may
 * belong to a run still writing).
 */
final class AtomicOutput {
    private static final Logger LOG = LogManager.getLogger(AtomicOutput.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Object stores whose folder rename copies every object: no atomic publish there. */
    private static final java.util.Set<String> COPYING_RENAMES = java.util.Set.of("s3", "s3a", "s3n", "gs", "oss",
            "cos", "cosn", "obs", "wasb", "wasbs");

    /** A staging folder of another job untouched this long belongs to a run that died. */
    static final java.time.Duration STALE_STAGING = java.time.Duration.ofHours(24);

    private final FileSystem fs;
    private final Path root;
    private final Path target;
    private final Path staging;
    private final String replacedPrefix;
    private final String stagingPrefix;

    /**
     * @param output the output folder
     * @param partition a partition path under it ({@code date=2026-11-25}), or null to own the whole folder
     */
    AtomicOutput(String output, String partition, String jobId, Configuration conf) {
        try {
            this.root = new Path(output);
            this.target = partition == null ? root : new Path(root, partition);
            if (target.getParent() == null) {
                throw TrainyardException.usage("Output " + output + " is the root of a file system: name a folder"
                        + " under it (the output is published beside its staging folder)");
            }
            this.fs = FileSystems.of(target, conf, "Output");
            this.replacedPrefix = "." + target.getName() + ".replaced-";
            this.stagingPrefix = "." + target.getName() + ".staging-";
            this.staging = new Path(target.getParent(), stagingPrefix + SafeNames.segment(jobId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!renamesAtomically(fs.getScheme())) {
            LOG.warn("output {} is on an object store ({}), whose folder rename copies every object: the publish is"
                    + " not atomic there (readers may see a partial partition while it runs, and a publish killed"
                    + " midway can leave one); publish to HDFS or a file system with atomic rename where that"
                    + " matters", target, fs.getScheme());
        }
    }

    /**
     * Whether a folder rename on the file system of {@code scheme} is one atomic step (HDFS, local,
     * ABFS with its hierarchical namespace) rather than a copy of each object (S3A, GCS, OSS, COS, WASB).
     */
    static boolean renamesAtomically(String scheme) {
        return !COPYING_RENAMES.contains(scheme);
    }

    Path staging() {
        return staging;
    }

    Path target() {
        return target;
    }

    /**
     * Rows written into the staging folder, from the Parquet footers: no Spark job, and no read of
     * a hidden folder (Spark skips paths starting with '.' or '_').
     */
    long stagedRows() {
        long rows = 0;
        try {
            for (FileStatus file : fs.listStatus(staging)) {
                if (file.isFile() && file.getPath().getName().endsWith(".parquet")) {
                    try (ParquetFileReader reader = ParquetFileReader.open(
                            HadoopInputFile.fromStatus(file, fs.getConf()))) {
                        rows += reader.getRecordCount();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /**
     * Restores an output that a killed publish left renamed aside, then refuses a target that
     * holds another job's results or files trainyard did not write. For a partition, the output
     * folder above it must hold only partitions, hidden files and trainyard's own files.
     */
    void claim(String job) {
        try {
            restoreInterruptedPublish();
            if (!target.equals(root) && fs.exists(root)) {
                checkPartitionedRoot(job);
            }
            if (!fs.exists(target)) {
                return;
            }
            Optional<OutputManifest> existing = manifest(target);
            if (existing.isEmpty()) {
                if (fs.listStatus(target).length > 0) {
                    throw foreign(target);
                }
                return;
            }
            checkOwner(target, existing.get(), job);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds the manifest to the staging folder and swaps it into place. */
    void publish(OutputManifest manifest) {
        try (OutputStream out = fs.create(new Path(staging, OutputManifest.FILE), false)) {
            JSON.writerWithDefaultPrettyPrinter().writeValue(out, manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Path aside = null;
            if (fs.exists(target)) {
                aside = new Path(target.getParent(), replacedPrefix + SafeNames.segment(manifest.jobId()));
                rename(target, aside);
            }
            rename(staging, target);
            if (aside != null) {
                fs.delete(aside, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        removeLeftovers();
    }

    /** Deletes renamed-aside outputs and stale staging folders of earlier, killed runs for this target. */
    private void removeLeftovers() {
        long staleBefore = System.currentTimeMillis() - STALE_STAGING.toMillis();
        try {
            for (FileStatus child : fs.listStatus(target.getParent())) {
                String name = child.getPath().getName();
                boolean replaced = name.startsWith(replacedPrefix);
                boolean staleStaging = name.startsWith(stagingPrefix) && child.getModificationTime() < staleBefore;
                if (replaced || staleStaging) {
                    LOG.warn("removing {}, left by a run that was stopped", child.getPath());
                    fs.delete(child.getPath(), true);
                }
            }
        } catch (IOException e) {
            // the output is published; leftovers are hidden from readers and retried by the next run
            LOG.warn("could not remove leftovers of stopped runs beside {}: {}", target, e.getMessage());
        }
    }

    void abandon() {
        try {
            fs.delete(staging, true);
        } catch (IOException e) {
            // the staging folder is hidden and named after its job: harmless if left behind
        }
    }

    /**
     * The output folder above a partition holds only partitions and hidden files, and its newest
     * partition (one file read, however many partitions there are) belongs to the same job.
     */
    private void checkPartitionedRoot(String job) throws IOException {
        FileStatus newest = null;
        for (FileStatus child : fs.listStatus(root)) {
            String name = child.getPath().getName();
            if (hidden(name)) {
                continue;
            }
            if (!child.isDirectory() || !name.contains("=")) {
                throw foreign(root);
            }
            if (newest == null || child.getModificationTime() > newest.getModificationTime()) {
                newest = child;
            }
        }
        if (newest != null) {
            Optional<OutputManifest> sibling = manifest(newest.getPath());
            if (sibling.isPresent()) {
                checkOwner(newest.getPath(), sibling.get(), job);
            }
        }
    }

    private static void checkOwner(Path folder, OutputManifest existing, String job) {
        if (!job.equals(existing.job())) {
            throw TrainyardException.usage("Output " + folder + " holds the results of another job (model '"
                    + existing.modelName() + "', scored " + existing.scoredAt() + "); pass another"
                    + " --output or delete that folder first");
        }
    }

    private void restoreInterruptedPublish() throws IOException {
        if (fs.exists(target) || !fs.exists(target.getParent())) {
            return;
        }
        FileStatus[] aside = fs.listStatus(target.getParent(), p -> p.getName().startsWith(replacedPrefix));
        Optional<FileStatus> newest = Arrays.stream(aside).max(Comparator.comparingLong(FileStatus::getModificationTime));
        if (newest.isPresent()) {
            LOG.warn("restoring {}: a previous run was stopped while publishing and left it at {}", target,
                    newest.get().getPath());
            rename(newest.get().getPath(), target);
        }
    }

    private Optional<OutputManifest> manifest(Path folder) throws IOException {
        Path file = new Path(folder, OutputManifest.FILE);
        if (!fs.exists(file)) {
            return Optional.empty();
        }
        try (InputStream in = fs.open(file)) {
            return Optional.of(JSON.readValue(in, OutputManifest.class));
        }
    }

    private static TrainyardException foreign(Path folder) {
        return TrainyardException.usage("Output " + folder + " already holds files that trainyard did not"
                + " write; pass an empty or new --output folder");
    }

    private static boolean hidden(String name) {
        return name.startsWith(".") || name.startsWith("_");
    }

    private void rename(Path from, Path to) throws IOException {
        fs.mkdirs(to.getParent());
        if (!fs.rename(from, to)) {
            throw new IOException("could not rename " + from + " to " + to);
        }
    }
}
