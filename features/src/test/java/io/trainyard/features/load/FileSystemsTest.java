package io.trainyard.features.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.common.TrainyardException;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemsTest {
    @TempDir
    Path dir;

    @Test
    void s3aWithoutHadoopAwsNamesThePackageToAdd() {
        // this module's test classpath has Hadoop's client but not hadoop-aws: what a plain launcher run has
        assertThatThrownBy(() -> FileSystems.of(new org.apache.hadoop.fs.Path("s3a://lake/customers/"),
                new Configuration(), "Input path"))
                .isInstanceOfSatisfying(TrainyardException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessage("Input path s3a://lake/customers: the connector for scheme 's3a' is not on the classpath"
                        + " (Class org.apache.hadoop.fs.s3a.S3AFileSystem not found); add it: spark-submit --packages"
                        + " org.apache.hadoop:hadoop-aws:3.3.4, or for scripts/trainyard TRAINYARD_CLASSPATH="
                        + "<hadoop-aws-3.3.4.jar>:<aws-java-sdk-bundle-1.12.262.jar> (see README, 'Object stores')");
    }

    @Test
    void aSchemeHadoopDoesNotKnowSaysHowToMapIt() {
        assertThatThrownBy(() -> FileSystems.of(new org.apache.hadoop.fs.Path("lakefs://repo/main/scores"),
                new Configuration(), "Output"))
                .isInstanceOf(TrainyardException.class)
                .hasMessage("Output lakefs://repo/main/scores: Hadoop knows no file system for scheme 'lakefs'; add the"
                        + " scheme's Hadoop connector to the classpath (spark-submit --packages or --jars; for"
                        + " scripts/trainyard, TRAINYARD_CLASSPATH) or set spark.hadoop.fs.lakefs.impl");
    }

    @Test
    void aLocalPathGetsItsFileSystem() throws IOException {
        assertThat(FileSystems.of(new org.apache.hadoop.fs.Path(dir.toUri()), new Configuration(), "Input path"))
                .isInstanceOf(LocalFileSystem.class);
    }
}
