package io.trainyard.tracking.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.common.ErrorCategory;
import io.trainyard.common.TrainyardException;
import io.trainyard.tracking.TrackedRun;
import io.trainyard.tracking.TrackingClient;
import io.trainyard.tracking.rest.TrackingConfig;
import io.trainyard.tracking.server.EmbeddedTrackingServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactTransferTest {
    @TempDir
    Path temp;

    private EmbeddedTrackingServer server;
    private TrackingClient client;

    @BeforeEach
    void start() {
        server = EmbeddedTrackingServer.start("127.0.0.1", 0, temp.resolve("store"));
        client = TrackingClient.connect(TrackingConfig.of(server.uri()));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private Path bundle() throws IOException {
        Path bundle = Files.createDirectories(temp.resolve("bundle"));
        Files.writeString(bundle.resolve("MLmodel"), "flavors:\n  onnx: {data: model.onnx}\n");
        Files.createDirectories(bundle.resolve("onnx"));
        byte[] weights = new byte[300_000];
        new Random(7).nextBytes(weights);
        Files.write(bundle.resolve("onnx/model.onnx"), weights);
        Files.createDirectories(bundle.resolve("plots/with space"));
        Files.writeString(bundle.resolve("plots/with space/roc curve.png"), "png");
        Files.createDirectories(bundle.resolve("sparkml/metadata"));
        Files.writeString(bundle.resolve("sparkml/metadata/part-00000"), "{}");
        return bundle;
    }

    @Test
    void aModelFolderRoundTripsThroughTheArtifactProxy() throws IOException {
        Path bundle = bundle();
        TrackedRun run = client.startRun(client.experimentId("artifacts"), "upload", Map.of());
        assertThat(run.artifactUri()).startsWith("mlflow-artifacts:/");

        assertThat(client.artifacts().uploadDirectory(run.artifactUri(), bundle, "model")).isEqualTo(4);
        client.artifacts().uploadFile(run.artifactUri(), bundle.resolve("MLmodel"), "");
        Path target = temp.resolve("downloaded");
        int files = client.artifacts().downloadDirectory(run.artifactUri() + "/model", target);

        assertThat(files).isEqualTo(4);
        assertSameTree(bundle, target);
        assertThat(client.artifacts().list(run.artifactUri())).extracting(ArtifactEntry::name)
                .containsExactly("MLmodel", "model");
    }

    @Test
    void aModelFolderRoundTripsThroughAFileUri() throws IOException {
        Path bundle = bundle();
        String root = temp.resolve("file-store/run 1/artifacts").toUri().toString();

        client.artifacts().uploadDirectory(root, bundle, "model");
        Path target = temp.resolve("downloaded");
        assertThat(client.artifacts().downloadDirectory(root + "/model", target)).isEqualTo(4);

        assertSameTree(bundle, target);
    }

    @Test
    void anUnknownSchemeFailsNamingTheSchemeAndTheFix() {
        assertThatThrownBy(() -> client.artifacts().downloadDirectory("hdfs://nn/models/churn", temp))
                .isInstanceOf(TrainyardException.class)
                .hasMessage("Artifact URI hdfs://nn/models/churn has scheme 'hdfs', which has no artifact store;"
                        + " supported: [file, mlflow-artifacts]. Run trainyard with Hadoop on the classpath"
                        + " (scripts/trainyard or spark-submit) for hdfs:, s3a: and other Hadoop file systems.")
                .satisfies(e -> assertThat(((TrainyardException) e).category()).isEqualTo(ErrorCategory.USAGE));
    }

    @Test
    void aPluggedStoreServesItsScheme() throws IOException {
        Path bundle = Files.createDirectories(temp.resolve("small"));
        Files.writeString(bundle.resolve("a.txt"), "a");
        Path backing = temp.resolve("fake-hdfs");
        ArtifactStore local = new LocalArtifactStore();
        ArtifactStore fakeHdfs = new ArtifactStore() {
            @Override
            public void put(Path localFile, java.net.URI target) {
                local.put(localFile, backing.resolve(target.getPath().substring(1)).toUri());
            }

            @Override
            public java.util.List<ArtifactEntry> list(java.net.URI directory) {
                return local.list(backing.resolve(directory.getPath().substring(1)).toUri());
            }

            @Override
            public void get(java.net.URI source, Path localFile) {
                local.get(backing.resolve(source.getPath().substring(1)).toUri(), localFile);
            }
        };
        ArtifactTransfer transfer = client.artifacts().withStore("hdfs", fakeHdfs);

        transfer.uploadDirectory("hdfs://nn/runs/1", bundle, "");

        assertThat(backing.resolve("runs/1/a.txt")).hasContent("a");
        assertThat(transfer.downloadDirectory("hdfs://nn/runs/1", temp.resolve("out"))).isEqualTo(1);
    }

    @Test
    void downloadingAMissingFolderSaysSo() {
        TrackedRun run = client.startRun(client.experimentId("artifacts"), "empty", Map.of());

        assertThatThrownBy(() -> client.artifacts().downloadDirectory(run.artifactUri() + "/model", temp.resolve("x")))
                .hasMessage("Artifact folder " + run.artifactUri() + "/model is empty or does not exist."
                        + " Check the run or model version it came from.");
    }

    private static void assertSameTree(Path expected, Path actual) throws IOException {
        try (Stream<Path> files = Files.walk(expected)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = actual.resolve(expected.relativize(file).toString());
                assertThat(copy).exists();
                assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(file));
            }
        }
    }
}
