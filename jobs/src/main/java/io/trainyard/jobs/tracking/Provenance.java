package io.trainyard.jobs.tracking;

import io.trainyard.tracking.RunTags;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;

/** The tags that tie a run to its inputs: git commit, config hash, data fingerprint, version, user. */
public final class Provenance {
    private Provenance() {
    }

    public static Map<String, String> tags(String configHash, String dataPath, Configuration hadoop,
                                           String trainyardVersion, Path home) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(RunTags.CONFIG_HASH, configHash);
        tags.put(RunTags.DATA_FINGERPRINT, dataFingerprint(dataPath, hadoop));
        tags.put(RunTags.TRAINYARD_VERSION, trainyardVersion);
        tags.put(RunTags.USER, user());
        tags.put("mlflow.source.name", "trainyard train");
        String commit = gitCommit(home);
        if (commit != null) {
            tags.put(RunTags.GIT_COMMIT, commit);
        }
        return tags;
    }

    public static String user() {
        return System.getProperty("user.name", "unknown");
    }

    /**
     * SHA-256 over every input file's path, size and modification time (no data is read): the same
     * files give the same fingerprint, any rewrite changes it.
     */
    static String dataFingerprint(String dataPath, Configuration hadoop) {
        try {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dataPath);
            FileSystem fs = path.getFileSystem(hadoop);
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            FileStatus[] matches = fs.globStatus(path);
            if (matches == null) {
                return "missing";
            }
            for (FileStatus match : matches) {
                RemoteIterator<LocatedFileStatus> files = fs.listFiles(match.getPath(), true);
                while (files.hasNext()) {
                    LocatedFileStatus file = files.next();
                    digest.update((file.getPath() + "|" + file.getLen() + "|" + file.getModificationTime() + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (IOException e) {
            return "unreadable";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The checkout's commit, or null outside a git checkout (a jar on a cluster). */
    static String gitCommit(Path home) {
        try {
            Process git = new ProcessBuilder("git", "-C", home.toString(), "rev-parse", "HEAD")
                    .redirectErrorStream(true).start();
            if (!git.waitFor(5, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                return null;
            }
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return git.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
