package io.trainyard.serving.http;

/**
 * Where the served model comes from: a bundle folder, or a registry alias that a promotion moves.
 * The server asks {@link #latestVersion()} on every poll (cheap) and {@link #load(String)} only when
 * the version changed, so a new version is fully loaded before it is swapped in.
 */
public interface ModelSource {
    /** The model name clients call: {@code POST /v1/models/{name}/predict}. */
    String name();

    /** The version the source points at now, e.g. the alias's version; no download. */
    String latestVersion();

    /** Fetches, verifies and opens a version; throws when it cannot (the server keeps what it has). */
    ServedModel load(String version);

    /** False for a source that never changes (a folder, a pinned version): no polling then. */
    default boolean changes() {
        return true;
    }

    /** What the source is, for logs: {@code churn@champion}, a folder path. */
    String describe();
}
