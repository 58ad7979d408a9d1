package io.trainyard.jobs.tracking;

import io.trainyard.common.TrainyardException;
import io.trainyard.serving.bundle.ModelBundle;
import io.trainyard.tracking.TrackingClient;
import io.trainyard.tracking.registry.ModelVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Turns a model reference into a verified local bundle: a bundle folder as is, or
 * {@code name@alias} / {@code name/version} resolved once through the registry and downloaded
 * into a local cache (reused while its checksums still match).
 */
public final class ModelStore {
    /**
     * A model ready to load.
     *
     * @param bundle the verified bundle
     * @param name the model name
     * @param version the registry version, or the bundle id for a bundle folder
     * @param alias the alias it was resolved through, or null
     * @param runId the training run, or null
     */
    public record Resolved(ModelBundle bundle, String name, String version, String alias, String runId) {
    }

    private ModelStore() {
    }

    /** True when {@code ref} names a bundle folder rather than a registry reference. */
    public static boolean isFolder(String ref) {
        return Files.isDirectory(Paths.get(ref));
    }

    public static Resolved folder(String ref) {
        ModelBundle bundle = ModelBundle.open(Paths.get(ref));
        return new Resolved(bundle, bundle.manifest().modelName(), bundle.manifest().id(), null,
                bundle.manifest().runId());
    }

    /** Resolves through the registry and fetches the bundle of the version. */
    public static Resolved registry(TrackingClient client, String ref, Map<String, String> env) {
        ModelVersion version = client.registry().resolve(ref);
        int at = ref.lastIndexOf('@');
        String alias = at >= 0 ? ref.substring(at + 1) : null;
        return new Resolved(fetch(client, version, env), version.name(), version.version(), alias, version.runId());
    }

    /** The bundle of a registered version, downloaded once into the cache and verified. */
    public static ModelBundle fetch(TrackingClient client, ModelVersion version, Map<String, String> env) {
        Path cache = Paths.get(env.getOrDefault("TRAINYARD_CACHE",
                System.getProperty("trainyard.cache", System.getProperty("java.io.tmpdir"))), "trainyard-models");
        Path target = cache.resolve(version.name() + "-" + version.version() + "-" + shortHash(version.source()));
        if (Files.isDirectory(target)) {
            try {
                return ModelBundle.open(target);
            } catch (TrainyardException stale) {
                delete(target);
            }
        }
        Path staging = cache.resolve("." + target.getFileName() + "." + UUID.randomUUID());
        try {
            Files.createDirectories(staging);
            int files = client.artifacts().downloadDirectory(version.source(), staging);
            if (files == 0) {
                throw TrainyardException.data("Model " + version.uri() + " has no files at its source "
                        + version.source() + "; register the version again from a training run");
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            delete(staging);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            delete(staging);
            throw e;
        }
        return ModelBundle.open(target);
    }

    private static String shortHash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a stale cache folder is retried next time
        }
    }
}
