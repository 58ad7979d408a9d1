package io.trainyard.tracking.artifacts;

import io.trainyard.common.TrainyardException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@code file:} artifact locations, written directly with java.nio (atomic per file). */
final class LocalArtifactStore implements ArtifactStore {
    @Override
    public void put(Path localFile, URI target) {
        Path path = Path.of(target);
        try {
            Files.createDirectories(path.getParent());
            Path partial = path.resolveSibling("." + path.getFileName() + ".part");
            Files.copy(localFile, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw TrainyardException.internal("Cannot write artifact " + target + " from " + localFile + ": " + e
                    + ". Check the artifact folder is writable.", e);
        }
    }

    @Override
    public List<ArtifactEntry> list(URI directory) {
        Path path = Path.of(directory);
        List<ArtifactEntry> entries = new ArrayList<>();
        if (!Files.isDirectory(path)) {
            return entries;
        }
        try (Stream<Path> children = Files.list(path)) {
            for (Path child : children.sorted().toList()) {
                boolean folder = Files.isDirectory(child);
                entries.add(new ArtifactEntry(child.getFileName().toString(), folder, folder ? 0 : Files.size(child)));
            }
        } catch (IOException e) {
            throw TrainyardException.internal("Cannot list artifact folder " + directory + ": " + e, e);
        }
        return entries;
    }

    @Override
    public void get(URI source, Path localFile) {
        try {
            Files.createDirectories(localFile.toAbsolutePath().getParent());
            Files.copy(Path.of(source), localFile, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw TrainyardException.usage("Cannot read artifact " + source + " into " + localFile + ": " + e
                    + ". Check that the artifact exists.");
        }
    }
}
