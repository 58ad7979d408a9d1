package io.trainyard.jobs.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.common.TrainyardException;
import io.trainyard.features.testing.SparkSessionExtension;
import io.trainyard.tracking.artifacts.ArtifactEntry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Artifacts on a Hadoop file system, through the session's TrackingClient: a scheme the tracking
 * module has no store for is served by Hadoop's FileSystem for that scheme, configured from the Spark
 * session (here {@code fs.tyfs.impl}, a local file system under its own scheme, as hdfs: or s3a:
 * would be with their connectors).
 */
@ExtendWith(SparkSessionExtension.class)
class HadoopArtifactStoreTest {
    @TempDir
    Path dir;

    private final SparkSession spark;

    HadoopArtifactStoreTest(SparkSession spark) {
        this.spark = spark;
    }

    /** Hadoop's local file system answering to {@code tyfs:///…}. */
    public static final class SchemeFileSystem extends RawLocalFileSystem {
        @Override
        public URI getUri() {
            return URI.create("tyfs:///");
        }

        @Override
        public String getScheme() {
            return "tyfs";
        }
    }

    @Test
    void aBundleRoundTripsThroughAHadoopFileSystemScheme() throws IOException {
        spark.sparkContext().hadoopConfiguration().set("fs.tyfs.impl", SchemeFileSystem.class.getName());
        spark.sparkContext().hadoopConfiguration().setBoolean("fs.tyfs.impl.disable.cache", true);
        Path bundle = Files.createDirectories(dir.resolve("bundle/sparkml/metadata"));
        Files.writeString(bundle.resolve("part-00000"), "{\"class\":\"PipelineModel\"}");
        Files.writeString(dir.resolve("bundle/MLmodel"), "flavors: {}\n");
        String root = "tyfs://" + dir.resolve("remote/1/abc/artifacts").toAbsolutePath();

        try (TrackingSession session = TrackingSession.open(null, dir.resolve("mlruns"), Map.of())) {
            var artifacts = session.client().artifacts();
            assertThat(artifacts.uploadDirectory(root, dir.resolve("bundle"), "model")).isEqualTo(2);
            assertThat(dir.resolve("remote/1/abc/artifacts/model/sparkml/metadata/part-00000")).exists();
            assertThat(artifacts.list(root + "/model")).extracting(ArtifactEntry::name)
                    .containsExactly("MLmodel", "sparkml");

            Path back = dir.resolve("back");
            assertThat(artifacts.downloadDirectory(root + "/model", back)).isEqualTo(2);
            assertThat(back.resolve("sparkml/metadata/part-00000")).hasContent("{\"class\":\"PipelineModel\"}");
            try (var files = Files.walk(back)) {
                assertThat(files.map(Path::getFileName).map(Path::toString)).noneMatch(n -> n.endsWith(".crc"));
            }
        }
    }

    @Test
    void aSchemeHadoopDoesNotKnowNamesTheConnector() {
        try (TrackingSession session = TrackingSession.open(null, dir.resolve("mlruns"), Map.of())) {
            assertThatThrownBy(() -> session.client().artifacts().list("nofs://bucket/runs/1"))
                    .isInstanceOf(TrainyardException.class)
                    .hasMessage("Artifact URI nofs://bucket/runs/1: Hadoop knows no file system for scheme 'nofs';"
                            + " add the scheme's Hadoop connector to the classpath (spark-submit --packages or --jars;"
                            + " for scripts/trainyard, TRAINYARD_CLASSPATH) or set spark.hadoop.fs.nofs.impl");
        }
    }
}
