package io.trainyard.serving.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.common.TrainyardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
    @TempDir
    Path dir;

    private BundleManifest sealFixture() throws IOException {
        Files.createDirectories(dir.resolve("sparkml/stages"));
        Files.writeString(dir.resolve("sparkml/stages/part-0"), "weights");
        Signature signature = new Signature(List.of(
                new Signature.Input("id", "string", Signature.ROLE_ID, null),
                new Signature.Input("colour", "string", Signature.ROLE_CATEGORICAL, List.of("red", "blue")),
                new Signature.Input("x", "double", Signature.ROLE_NUMERIC, null)),
                "y", "yes", "no", "median", List.of("prediction", "probability"));
        ModelBundle.writeJson(dir.resolve(ModelBundle.SIGNATURE_FILE), signature);
        return ModelBundle.seal(dir, new BundleManifest(0, null, "churn", "binary-classification", "xgboost",
                "2026-11-26T00:00:00Z", "0.1.0", "3.5.9", null, "abc", Map.of()));
    }

    @Test
    void aSealedBundleOpensWithItsSignature() throws IOException {
        BundleManifest sealed = sealFixture();
        ModelBundle bundle = ModelBundle.open(dir);
        assertThat(bundle.manifest()).isEqualTo(sealed);
        assertThat(sealed.id()).hasSize(16);
        assertThat(sealed.files()).containsOnlyKeys("sparkml/stages/part-0", "signature.json");
        assertThat(bundle.signature().columns(Signature.ROLE_CATEGORICAL)).containsExactly("colour");
        assertThat(bundle.signature().inputs().get(1).categories()).containsExactly("red", "blue");
    }

    @Test
    void theIdDependsOnlyOnContent() throws IOException {
        String first = sealFixture().id();
        BundleManifest draft = ModelBundle.read(dir.resolve(BundleManifest.FILE), BundleManifest.class);
        assertThat(ModelBundle.seal(dir, draft).id()).isEqualTo(first);
        Files.writeString(dir.resolve("sparkml/stages/part-0"), "other weights");
        assertThat(ModelBundle.seal(dir, draft).id()).isNotEqualTo(first);
    }

    @Test
    void aTamperedFileIsRefused() throws IOException {
        sealFixture();
        Files.writeString(dir.resolve("sparkml/stages/part-0"), "weightz");
        assertThatThrownBy(() -> ModelBundle.open(dir))
                .isInstanceOf(TrainyardException.class)
                .hasMessageContaining("is corrupt: sparkml/stages/part-0 has checksum ")
                .hasMessageEndingWith("; copy the bundle again from its source")
                .satisfies(e -> assertThat(((TrainyardException) e).exitCode()).isEqualTo(3));
    }

    @Test
    void aMissingOrExtraFileIsRefused() throws IOException {
        sealFixture();
        Files.writeString(dir.resolve("stray.txt"), "x");
        assertThatThrownBy(() -> ModelBundle.open(dir)).hasMessageContaining("stray.txt is not part of the bundle");
        Files.delete(dir.resolve("stray.txt"));
        Files.delete(dir.resolve("sparkml/stages/part-0"));
        assertThatThrownBy(() -> ModelBundle.open(dir)).hasMessageContaining("sparkml/stages/part-0 is missing");
    }

    @Test
    void aFolderWithoutManifestIsNotABundle() {
        assertThatThrownBy(() -> ModelBundle.open(dir))
                .hasMessageContaining("is not a trainyard model bundle (no bundle.json)")
                .satisfies(e -> assertThat(((TrainyardException) e).exitCode()).isEqualTo(2));
    }
}
