package io.trainyard.scoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.trainyard.common.TrainyardException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Staged, atomic publication of an output folder on any Hadoop file system: the job writes into a
 * hidden staging folder beside the target, adds its manifest, and then renames it into place
 * (renaming the previous output aside first and deleting it after). Readers see the old output or
 * the new one; a killed job leaves only a hidden staging folder, which the next run ignores.
 */
final class AtomicOutput {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final FileSystem fs;
    private final Path target;
    private final Path staging;

    AtomicOutput(String output, String jobId, Configuration conf) {
        try {
            this.target = new Path(output);
            this.fs = target.getFileSystem(conf);
            this.staging = new Path(target.getParent(), "." + target.getName() + ".staging-" + jobId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path staging() {
        return staging;
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

    /** Refuses a target that holds another job's results, or files trainyard did not write. */
    void checkOwnership(String job) {
        try {
            if (!fs.exists(target)) {
                return;
            }
            FileStatus[] children = fs.listStatus(target);
            Path manifest = new Path(target, OutputManifest.FILE);
            if (!fs.exists(manifest)) {
                if (children.length > 0) {
                    throw TrainyardException.usage("Output " + target + " already holds files that trainyard did not"
                            + " write; pass an empty or new --output folder");
                }
                return;
            }
            OutputManifest existing = read(manifest);
            if (!job.equals(existing.job())) {
                throw TrainyardException.usage("Output " + target + " holds the results of another job (model '"
                        + existing.modelName() + "', scored " + existing.scoredAt() + "); pass another --output"
                        + " or delete that folder first");
            }
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
                aside = new Path(target.getParent(), "." + target.getName() + ".replaced-" + manifest.jobId());
                rename(target, aside);
            }
            rename(staging, target);
            if (aside != null) {
                fs.delete(aside, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void abandon() {
        try {
            fs.delete(staging, true);
        } catch (IOException e) {
            // the staging folder is hidden and named after its job: harmless if left behind
        }
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("could not rename " + from + " to " + to);
        }
    }

    private OutputManifest read(Path manifest) throws IOException {
        try (InputStream in = fs.open(manifest)) {
            return JSON.readValue(in, OutputManifest.class);
        }
    }
}
