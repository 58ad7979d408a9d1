package io.trainyard.serving.http;

import io.trainyard.serving.bundle.ModelBundle;
import java.nio.file.Path;

/** A bundle folder: one fixed version, named by its manifest (version = the bundle's content id). */
public final class BundleFolderSource implements ModelSource {
    private final ModelBundle bundle;

    public BundleFolderSource(Path dir) {
        this.bundle = ModelBundle.open(dir);
    }

    @Override
    public String name() {
        return bundle.manifest().modelName();
    }

    @Override
    public String latestVersion() {
        return bundle.manifest().id();
    }

    @Override
    public ServedModel load(String version) {
        return ServedModel.load(bundle, name(), version);
    }

    @Override
    public boolean changes() {
        return false;
    }

    @Override
    public String describe() {
        return bundle.dir().toString();
    }
}
