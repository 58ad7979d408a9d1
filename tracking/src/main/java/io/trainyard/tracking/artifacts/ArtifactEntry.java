package io.trainyard.tracking.artifacts;

/**
 * One child of an artifact folder.
 *
 * @param name      the base name (no slashes)
 * @param directory whether it is a folder
 * @param size      bytes, or 0 for folders
 */
public record ArtifactEntry(String name, boolean directory, long size) {
}
