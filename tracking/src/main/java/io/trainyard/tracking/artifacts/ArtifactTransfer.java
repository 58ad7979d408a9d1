package io.trainyard.tracking.artifacts;

import io.trainyard.common.TrainyardException;
import io.trainyard.tracking.rest.MlflowRest;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Uploads files and folder trees (the model bundle, metrics.json, plots) to a run's artifact URI and
 * downloads folders back, picking the {@link ArtifactStore} by the URI's scheme.
 */
public final class ArtifactTransfer {
    private static final Logger LOG = LogManager.getLogger(ArtifactTransfer.class);

    private final Map<String, ArtifactStore> stores;
    /** Serves every other scheme when set (a Hadoop FileSystem store); null otherwise. */
    private final ArtifactStore fallback;

    private ArtifactTransfer(Map<String, ArtifactStore> stores, ArtifactStore fallback) {
        this.stores = Map.copyOf(stores);
        this.fallback = fallback;
    }

    /** Stores for {@code mlflow-artifacts:} (through {@code rest}'s server) and {@code file:}. */
    public static ArtifactTransfer create(MlflowRest rest) {
        return new ArtifactTransfer(Map.of("mlflow-artifacts", new ProxyArtifactStore(rest),
                "file", new LocalArtifactStore()), null);
    }

    /** A copy that also serves {@code scheme} (e.g. "hdfs", "s3a") with {@code store}. */
    public ArtifactTransfer withStore(String scheme, ArtifactStore store) {
        Map<String, ArtifactStore> more = new HashMap<>(stores);
        more.put(scheme.toLowerCase(Locale.ROOT), store);
        return new ArtifactTransfer(more, fallback);
    }

    /**
     * A copy that serves every scheme without a store of its own with {@code store}: a Hadoop
     * {@code FileSystem} store knows hdfs:, s3a:, abfss:, gs:, viewfs: … as configured.
     */
    public ArtifactTransfer withFallback(ArtifactStore store) {
        return new ArtifactTransfer(stores, store);
    }

    /** Uploads one file to {@code <artifactUri>/<artifactPath>/<file name>}; artifactPath may be "". */
    public void uploadFile(String artifactUri, Path file, String artifactPath) {
        if (!Files.isRegularFile(file)) {
            throw TrainyardException.usage("Artifact file " + file + " does not exist or is not a file.");
        }
        URI base = URI.create(artifactUri);
        store(base).put(file, child(base, join(artifactPath, file.getFileName().toString())));
    }

    /**
     * Uploads every file under {@code directory} to {@code <artifactUri>/<artifactPath>/…}, keeping
     * the tree. Returns the number of files.
     */
    public int uploadDirectory(String artifactUri, Path directory, String artifactPath) {
        if (!Files.isDirectory(directory)) {
            throw TrainyardException.usage("Artifact folder " + directory + " does not exist or is not a folder.");
        }
        URI base = URI.create(artifactUri);
        ArtifactStore store = store(base);
        long started = System.nanoTime();
        List<Path> files = regularFiles(directory);
        for (Path file : files) {
            String relative = directory.relativize(file).toString().replace('\\', '/');
            store.put(file, child(base, join(artifactPath, relative)));
        }
        LOG.info("uploaded {} files from {} to {} in {} ms", files.size(), directory, child(base, artifactPath),
                (System.nanoTime() - started) / 1_000_000);
        return files.size();
    }

    /** Downloads the folder at {@code artifactUri} (recursively) into {@code target}; returns the file count. */
    public int downloadDirectory(String artifactUri, Path target) {
        URI base = URI.create(artifactUri);
        ArtifactStore store = store(base);
        int count = download(store, base, target.toAbsolutePath().normalize());
        if (count == 0) {
            throw TrainyardException.usage("Artifact folder " + artifactUri + " is empty or does not exist."
                    + " Check the run or model version it came from.");
        }
        return count;
    }

    /** Downloads one artifact file. */
    public void downloadFile(String artifactUri, Path target) {
        URI source = URI.create(artifactUri);
        store(source).get(source, target);
    }

    /** The direct children of an artifact folder. */
    public List<ArtifactEntry> list(String artifactUri) {
        URI directory = URI.create(artifactUri);
        return store(directory).list(directory);
    }

    private int download(ArtifactStore store, URI directory, Path target) {
        int count = 0;
        for (ArtifactEntry entry : store.list(directory)) {
            Path local = target.resolve(entry.name()).normalize();
            if (entry.name().contains("/") || entry.name().equals("..") || !local.startsWith(target)) {
                throw TrainyardException.data("Artifact listing of " + directory + " names '" + entry.name()
                        + "', which would leave " + target + "; refusing to download it.");
            }
            URI child = child(directory, entry.name());
            if (entry.directory()) {
                count += download(store, child, local);
            } else {
                store.get(child, local);
                count++;
            }
        }
        return count;
    }

    private ArtifactStore store(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        ArtifactStore store = stores.getOrDefault(scheme, fallback);
        if (store == null) {
            throw TrainyardException.usage("Artifact URI " + uri + " has scheme '" + scheme + "', which has no"
                    + " artifact store; supported: " + stores.keySet().stream().sorted().toList()
                    + ". Run trainyard with Hadoop on the classpath (scripts/trainyard or spark-submit) for hdfs:, s3a: and"
                    + " other Hadoop file systems.");
        }
        return store;
    }

    private static List<Path> regularFiles(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw TrainyardException.internal("Cannot read artifact folder " + directory + ": " + e, e);
        }
    }

    private static String join(String parent, String child) {
        String trimmed = parent == null ? "" : parent.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? child : trimmed + "/" + child;
    }

    /** {@code base} with {@code relative} appended to its path (segments encoded by URI). */
    static URI child(URI base, String relative) {
        String path = base.getPath() == null ? "" : base.getPath().replaceAll("/+$", "");
        String suffix = relative.isEmpty() ? "" : "/" + relative;
        try {
            return new URI(base.getScheme(), base.getAuthority(), path + suffix, null, null);
        } catch (URISyntaxException e) {
            throw TrainyardException.usage("Artifact path '" + relative + "' under " + base + " is not valid: "
                    + e.getMessage() + ".");
        }
    }
}
