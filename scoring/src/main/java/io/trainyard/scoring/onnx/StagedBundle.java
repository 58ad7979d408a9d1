package io.trainyard.scoring.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A copy of a bundle folder beside it, changed and re-sealed there, then swapped into place: a
 * crash leaves the old, verified bundle, never one whose files disagree with its checksums.
 */
final class StagedBundle {
    private StagedBundle() {
    }

    /** A staging copy of {@code bundle} in the same parent folder (same file system, so renames are cheap). */
    static Path copyOf(Path bundle) {
        Path staging = sibling(bundle, "staging");
        try (Stream<Path> files = Files.walk(bundle)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = staging.resolve(bundle.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            return staging;
        } catch (IOException e) {
            delete(staging);
            throw new UncheckedIOException("cannot stage a copy of " + bundle, e);
        }
    }

    /** Replaces {@code bundle} by {@code staging}. */
    static void swap(Path staging, Path bundle) {
        Path old = sibling(bundle, "old");
        try {
            Files.move(bundle, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(staging, bundle, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the exported bundle into " + bundle + " (staged at "
                    + staging + ")", e);
        }
        delete(old);
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private static Path sibling(Path bundle, String kind) {
        return bundle.resolveSibling("." + bundle.getFileName() + "." + kind + "-" + UUID.randomUUID());
    }
}
