package io.trainyard.jobs.config;

import io.trainyard.common.TrainyardException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which folders trainyard may write into, checked before any work: never the root of a file system
 * (or of a bucket), never the user's home folder, and, for a training, only a folder that is new,
 * empty, or holds what trainyard writes there. A typo like {@code output.dir=/} or {@code --output ~}
 * must not scatter model folders over a disk or, worse, replace what is there.
 */
public final class OutputFolders {
    /** What trainyard writes in a training's folder: the bundle, the holdout, and (demo) the scores and the store. */
    static final Set<String> TRAINING_ENTRIES = Set.of("model", "holdout", "scores", "mlruns",
            "pending-registration.json");

    private OutputFolders() {
    }

    /**
     * Refuses (usage error, exit 2) a path that names the root of its file system or bucket, or the
     * home folder; {@code what} names the setting ({@code output.dir}, {@code --output}).
     */
    public static void refuseRootOrHome(String path, String what) {
        String trimmed = path.strip();
        URI uri = uri(trimmed);
        String folder = uri != null && uri.getScheme() != null && uri.getScheme().length() > 1
                ? (uri.getPath() == null ? "" : uri.getPath()) : trimmed;
        boolean local = uri == null || uri.getScheme() == null || "file".equals(uri.getScheme())
                || uri.getScheme().length() == 1;
        if (folder.isEmpty() || folder.chars().allMatch(c -> c == '/')) {
            throw TrainyardException.usage(what + " '" + path + "' is the root of a file system"
                    + (local ? "" : " or bucket") + ": name a folder for trainyard's output under it, e.g. "
                    + (local ? "/data/trainyard/churn" : trimmed.replaceAll("/+$", "") + "/trainyard/churn"));
        }
        if (local) {
            Path absolute = Paths.get(folder).toAbsolutePath().normalize();
            if (absolute.getParent() == null) {
                throw TrainyardException.usage(what + " '" + path + "' is the root of a file system: name a folder"
                        + " under it, e.g. /data/trainyard/churn");
            }
            Path home = Paths.get(System.getProperty("user.home")).toAbsolutePath().normalize();
            if (absolute.equals(home)) {
                throw TrainyardException.usage(what + " '" + path + "' is your home folder: name a folder for"
                        + " trainyard's output inside it, e.g. " + home.resolve("trainyard/churn"));
            }
        }
    }

    /**
     * The training's output folder as a local path, refused (usage error, exit 2) when it is a file,
     * the root or the home folder, or a folder holding entries trainyard does not write there.
     */
    public static Path forTraining(String dir) {
        refuseRootOrHome(dir, "output.dir");
        Path folder = Paths.get(dir);
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw TrainyardException.usage("output.dir '" + dir + "' is a file, not a folder: name a new or empty"
                    + " folder");
        }
        if (Files.isDirectory(folder)) {
            List<String> foreign;
            try (Stream<Path> entries = Files.list(folder)) {
                foreign = entries.map(p -> p.getFileName().toString())
                        .filter(name -> !name.startsWith(".") && !TRAINING_ENTRIES.contains(name))
                        .sorted().limit(3).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!foreign.isEmpty()) {
                throw TrainyardException.usage("output.dir '" + dir + "' holds files trainyard did not write ("
                        + String.join(", ", foreign) + "): name a new or empty folder, or one an earlier train wrote"
                        + " (model/, holdout/)");
            }
        }
        return folder;
    }

    private static URI uri(String path) {
        try {
            return new URI(path.replace(" ", "%20"));
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}
