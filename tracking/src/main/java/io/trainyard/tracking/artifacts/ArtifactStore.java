package io.trainyard.tracking.artifacts;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads and writes the files under an artifact location of one URI scheme. trainyard ships stores
 * for {@code mlflow-artifacts:} (the tracking server's proxy) and {@code file:}; modules that carry
 * Hadoop plug in a {@code FileSystem}-backed store for {@code hdfs:}, {@code s3a:}, {@code abfss:}
 * with {@link ArtifactTransfer#withStore(String, ArtifactStore)}, so this module stays Hadoop-free.
 * Directory walking is done by {@link ArtifactTransfer}; a store only moves single files.
 */
public interface ArtifactStore {
    /** Writes the local file to {@code target}, creating parent folders, replacing an existing file. */
    void put(Path localFile, URI target);

    /** The direct children of {@code directory}; empty if it does not exist. */
    List<ArtifactEntry> list(URI directory);

    /** Copies the file at {@code source} to {@code localFile}, creating its parent folders. */
    void get(URI source, Path localFile);
}
