package io.trainyard.jobs.tracking;

import io.trainyard.serving.http.ModelSource;
import io.trainyard.serving.http.ServedModel;
import io.trainyard.tracking.TrackingClient;
import io.trainyard.tracking.registry.ModelVersion;
import java.util.Map;

/**
 * A registry reference as a model source: {@code name@alias} follows the alias (each poll is one
 * registry call; a moved alias means the new version's bundle is downloaded, verified and opened
 * before it is swapped in); {@code name/version} is pinned and never polled.
 */
public final class RegistrySource implements ModelSource {
    private final TrackingClient client;
    private final String ref;
    private final String name;
    private final Map<String, String> env;

    /** Resolves {@code ref} once, so a wrong name or alias fails before the server starts. */
    public RegistrySource(TrackingClient client, String ref, Map<String, String> env) {
        this.client = client;
        this.ref = ref;
        this.env = env;
        this.name = client.registry().resolve(ref).name();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String latestVersion() {
        return client.registry().resolve(ref).version();
    }

    @Override
    public ServedModel load(String version) {
        ModelVersion resolved = client.registry().version(name, version);
        return ServedModel.load(ModelStore.fetch(client, resolved, env), name, version);
    }

    @Override
    public boolean changes() {
        return ref.contains("@");
    }

    @Override
    public String describe() {
        return ref;
    }
}
