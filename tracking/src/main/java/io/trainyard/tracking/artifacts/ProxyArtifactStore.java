package io.trainyard.tracking.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.tracking.rest.MlflowRest;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@code mlflow-artifacts:/<path>} locations, through the tracking server's artifact proxy
 * ({@code /api/2.0/mlflow-artifacts/artifacts/<path>}). The proxy path is the URI's path without its
 * leading slash; a host in the URI ({@code mlflow-artifacts://host/…}) is ignored: the configured
 * tracking server is the proxy.
 */
final class ProxyArtifactStore implements ArtifactStore {
    private static final String ENDPOINT = "mlflow-artifacts/artifacts";

    private final MlflowRest rest;

    ProxyArtifactStore(MlflowRest rest) {
        this.rest = rest;
    }

    @Override
    public void put(Path localFile, URI target) {
        rest.upload(ENDPOINT + "/" + encodedPath(target), localFile);
    }

    @Override
    public List<ArtifactEntry> list(URI directory) {
        JsonNode response = rest.get(ENDPOINT, Map.of("path", proxyPath(directory)));
        List<ArtifactEntry> entries = new ArrayList<>();
        for (JsonNode file : response.path("files")) {
            String path = file.path("path").asText();
            String name = path.substring(path.lastIndexOf('/') + 1);
            entries.add(new ArtifactEntry(name, file.path("is_dir").asBoolean(), file.path("file_size").asLong()));
        }
        return entries;
    }

    @Override
    public void get(URI source, Path localFile) {
        rest.download(ENDPOINT + "/" + encodedPath(source), localFile);
    }

    private static String proxyPath(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        return path;
    }

    private static String encodedPath(URI uri) {
        StringJoiner joiner = new StringJoiner("/");
        for (String segment : proxyPath(uri).split("/")) {
            joiner.add(MlflowRest.encode(segment));
        }
        return joiner.toString();
    }
}
