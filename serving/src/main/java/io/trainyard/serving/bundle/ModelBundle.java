package io.trainyard.serving.bundle;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.trainyard.common.ErrorCategory;
import io.trainyard.common.TrainyardException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A model bundle folder (see DESIGN.md): opened only after every file's checksum matches the
 * manifest, so a half-copied or tampered bundle is never scored or served.
 */
public final class ModelBundle {
    public static final String SPARK_MODEL_DIR = "sparkml";
    public static final String SIGNATURE_FILE = "signature.json";
    public static final String METRICS_FILE = "metrics.json";
    public static final String MLMODEL_FILE = "MLmodel";

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;
    private final BundleManifest manifest;
    private final Signature signature;

    private ModelBundle(Path dir, BundleManifest manifest, Signature signature) {
        this.dir = dir;
        this.manifest = manifest;
        this.signature = signature;
    }

    /** Opens and verifies a bundle folder. */
    public static ModelBundle open(Path dir) {
        Path manifestFile = dir.resolve(BundleManifest.FILE);
        if (!Files.isRegularFile(manifestFile)) {
            throw TrainyardException.usage("Model " + dir + " is not a trainyard model bundle (no " + BundleManifest.FILE
                    + "); pass the folder that 'trainyard train' wrote, e.g. out/churn/model");
        }
        BundleManifest manifest = read(manifestFile, BundleManifest.class);
        Map<String, String> actual = checksums(dir);
        if (!actual.equals(new TreeMap<>(manifest.files()))) {
            throw new TrainyardException(ErrorCategory.DATA, "Model bundle " + dir + " is corrupt: "
                    + describeMismatch(manifest.files(), actual) + "; copy the bundle again from its source");
        }
        return new ModelBundle(dir, manifest, read(dir.resolve(SIGNATURE_FILE), Signature.class));
    }

    /**
     * Writes the manifest of a finished bundle folder: checksums every file in it and derives the id.
     * The fields of {@code draft} other than id and files are kept.
     */
    public static BundleManifest seal(Path dir, BundleManifest draft) {
        Map<String, String> files = checksums(dir);
        BundleManifest manifest = new BundleManifest(BundleManifest.FORMAT_VERSION, contentId(files),
                draft.modelName(), draft.task(), draft.family(), draft.createdAt(), draft.trainyardVersion(),
                draft.sparkVersion(), draft.runId(), draft.configHash(), files);
        writeJson(dir.resolve(BundleManifest.FILE), manifest);
        return manifest;
    }

    public Path dir() {
        return dir;
    }

    public Path sparkModelDir() {
        return dir.resolve(SPARK_MODEL_DIR);
    }

    public BundleManifest manifest() {
        return manifest;
    }

    public Signature signature() {
        return signature;
    }

    /** SHA-256 of every file under {@code dir} but the manifest, by relative path with '/' separators. */
    public static Map<String, String> checksums(Path dir) {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                String relative = dir.relativize(file).toString().replace('\\', '/');
                if (!relative.equals(BundleManifest.FILE)) {
                    sums.put(relative, sha256(file));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sums;
    }

    /** The bundle id: a short hash over the file checksums, so equal content gives equal ids. */
    public static String contentId(Map<String, String> checksums) {
        MessageDigest digest = sha256();
        new TreeMap<>(checksums).forEach((path, sum) -> digest.update((path + "=" + sum + "\n").getBytes(
                java.nio.charset.StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }

    public static void writeJson(Path file, Object value) {
        try {
            JSON.writeValue(file.toFile(), value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(Path file, Class<T> type) {
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new TrainyardException(ErrorCategory.DATA, "Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static String sha256(Path file) {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String describeMismatch(Map<String, String> expected, Map<String, String> actual) {
        for (Map.Entry<String, String> entry : new TreeMap<>(expected).entrySet()) {
            String found = actual.get(entry.getKey());
            if (found == null) {
                return entry.getKey() + " is missing";
            }
            if (!found.equals(entry.getValue())) {
                return entry.getKey() + " has checksum " + found.substring(0, 12) + "…, expected "
                        + entry.getValue().substring(0, 12) + "…";
            }
        }
        for (String path : actual.keySet()) {
            if (!expected.containsKey(path)) {
                return path + " is not part of the bundle";
            }
        }
        return "checksums differ";
    }
}
