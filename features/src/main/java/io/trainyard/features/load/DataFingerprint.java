package io.trainyard.features.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Identifies the files behind a data path without reading them: training runs and scoring
 * manifests record it, so a result can be traced to the exact input files.
 */
public final class DataFingerprint {
    private DataFingerprint() {
    }

    /**
     * SHA-256 over every input file's path, size and modification time (no data is read): the same
     * files give the same fingerprint, any rewrite changes it. {@code missing} or {@code unreadable}
     * when the path cannot be listed.
     */
    public static String of(String dataPath, Configuration hadoop) {
        try {
            Path path = new Path(dataPath);
            FileSystem fs = FileSystems.of(path, hadoop, "Input path");
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
}
