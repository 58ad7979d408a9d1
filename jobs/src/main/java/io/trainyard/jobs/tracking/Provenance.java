package io.trainyard.jobs.tracking;

import io.trainyard.features.load.DataFingerprint;
import io.trainyard.tracking.RunTags;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;

/** The tags that tie a run to its inputs: git commit, config hash, data fingerprint, version, user. */
public final class Provenance {
    private Provenance() {
    }

    public static Map<String, String> tags(String configHash, String dataPath, Configuration hadoop,
                                           String trainyardVersion, Path home) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(RunTags.CONFIG_HASH, configHash);
        tags.put(RunTags.DATA_FINGERPRINT, DataFingerprint.of(dataPath, hadoop));
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
