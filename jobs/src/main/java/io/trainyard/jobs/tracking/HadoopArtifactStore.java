package io.trainyard.jobs.tracking;

import io.trainyard.common.TrainyardException;
import io.trainyard.features.load.FileSystems;
import io.trainyard.tracking.artifacts.ArtifactEntry;
import io.trainyard.tracking.artifacts.ArtifactStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;

/**
 * Artifact locations on any Hadoop {@code FileSystem} (hdfs:, s3a:, abfss:, gs:, viewfs:, …): what an
 * MLflow server without {@code --serve-artifacts} hands out when its artifact root is such a URI,
 * written directly by the client as MLflow's own clients do. The Hadoop configuration is the Spark
 * session's when one runs (so {@code spark.hadoop.*} credentials apply), else the one on the
 * classpath ({@code HADOOP_CONF_DIR}). Only registered when Hadoop is on the classpath: the Spark-free
 * {@code serve} process never loads this class.
 */
public final class HadoopArtifactStore implements ArtifactStore {
    /** File systems with an atomic rename: write aside, then rename into place. Object stores put whole objects. */
    private static final Set<String> RENAMING = Set.of("hdfs", "viewfs", "file", "webhdfs", "swebhdfs");

    private final Supplier<Configuration> configuration;

    public HadoopArtifactStore(Supplier<Configuration> configuration) {
        this.configuration = configuration;
    }

    /** A store on the active Spark session's Hadoop configuration, or the classpath's. */
    public static HadoopArtifactStore onSparkConfiguration() {
        return new HadoopArtifactStore(() -> {
            scala.Option<SparkSession> session = SparkSession.getActiveSession().orElse(SparkSession::getDefaultSession);
            return session.isDefined() ? session.get().sparkContext().hadoopConfiguration() : new Configuration();
        });
    }

    @Override
    public void put(Path localFile, URI target) {
        org.apache.hadoop.fs.Path destination = new org.apache.hadoop.fs.Path(target);
        try {
            FileSystem fs = fileSystem(target);
            org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(localFile.toUri());
            if (RENAMING.contains(scheme(target))) {
                org.apache.hadoop.fs.Path partial = new org.apache.hadoop.fs.Path(destination.getParent(),
                        "." + destination.getName() + ".part");
                fs.copyFromLocalFile(false, true, source, partial);
                if (fs.exists(destination) && !fs.delete(destination, false)) {
                    throw new IOException("cannot replace " + destination);
                }
                if (!fs.rename(partial, destination)) {
                    throw new IOException("cannot rename " + partial + " to " + destination);
                }
            } else {
                fs.copyFromLocalFile(false, true, source, destination);
            }
        } catch (IOException e) {
            throw TrainyardException.internal("Cannot write artifact " + target + " from " + localFile + ": " + e
                    + ". Check the credentials and permissions of the artifact location.", e);
        }
    }

    @Override
    public List<ArtifactEntry> list(URI directory) {
        List<ArtifactEntry> entries = new ArrayList<>();
        try {
            for (FileStatus status : fileSystem(directory).listStatus(new org.apache.hadoop.fs.Path(directory))) {
                String name = status.getPath().getName();
                if (!name.startsWith(".") || !name.endsWith(".part")) {
                    entries.add(new ArtifactEntry(name, status.isDirectory(), status.isDirectory() ? 0 : status.getLen()));
                }
            }
        } catch (FileNotFoundException e) {
            return entries;
        } catch (IOException e) {
            throw TrainyardException.internal("Cannot list artifact folder " + directory + ": " + e, e);
        }
        entries.sort(java.util.Comparator.comparing(ArtifactEntry::name));
        return entries;
    }

    @Override
    public void get(URI source, Path localFile) {
        try {
            Files.createDirectories(localFile.toAbsolutePath().getParent());
            // the raw local file system: no .crc files beside the download
            fileSystem(source).copyToLocalFile(false, new org.apache.hadoop.fs.Path(source),
                    new org.apache.hadoop.fs.Path(localFile.toAbsolutePath().toUri()), true);
        } catch (FileNotFoundException e) {
            throw TrainyardException.usage("Artifact " + source + " does not exist. Check the run or model version"
                    + " it came from.");
        } catch (IOException e) {
            throw TrainyardException.internal("Cannot read artifact " + source + " into " + localFile + ": " + e, e);
        }
    }

    private FileSystem fileSystem(URI uri) throws IOException {
        return FileSystems.of(new org.apache.hadoop.fs.Path(uri), configuration.get(), "Artifact URI");
    }

    private static String scheme(URI uri) {
        return uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    }
}
