package io.trainyard.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.common.TrainyardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publication on the local file system, without Spark. */
class AtomicOutputTest {
    @TempDir
    Path dir;

    private static OutputManifest manifest(String jobId) {
        return new OutputManifest("churn", "churn", "1", null, null, "b", "spark", 1, 1, 0, "in", "f",
                "date=2026-11-25", Map.of(), "2026-11-25T00:00:00Z", jobId);
    }

    private AtomicOutput publishOne(String jobId) throws IOException {
        AtomicOutput output = new AtomicOutput(dir.resolve("out").toString(), "date=2026-11-25", jobId,
                new Configuration());
        output.claim("churn");
        Files.createDirectories(Path.of(output.staging().toString()));
        Files.writeString(Path.of(output.staging().toString()).resolve("part-0.parquet"), jobId);
        output.publish(manifest(jobId));
        return output;
    }

    @Test
    void aPublishStoppedBetweenItsTwoRenamesIsRolledBackByTheNextRun() throws IOException {
        publishOne("job-1");
        Path partition = dir.resolve("out/date=2026-11-25");
        // what a kill between "rename the old output aside" and "rename the staging folder in" leaves
        Files.move(partition, dir.resolve("out/.date=2026-11-25.replaced-job-2"));

        new AtomicOutput(dir.resolve("out").toString(), "date=2026-11-25", "job-3", new Configuration()).claim("churn");

        assertThat(partition.resolve("part-0.parquet")).hasContent("job-1");
        assertThat(dir.resolve("out/.date=2026-11-25.replaced-job-2")).doesNotExist();
    }

    @Test
    void aPublishRemovesWhatKilledRunsLeftButNotAStagingFolderStillInUse() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path dead = Files.createDirectories(out.resolve(".date=2026-11-25.staging-job-dead"));
        Files.writeString(dead.resolve("part-0.parquet"), "half");
        Files.setLastModifiedTime(dead, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(AtomicOutput.STALE_STAGING).minusSeconds(60)));
        Path aside = Files.createDirectories(out.resolve(".date=2026-11-25.replaced-job-0"));
        Path live = Files.createDirectories(out.resolve(".date=2026-11-25.staging-job-live"));
        Path otherPartition = Files.createDirectories(out.resolve(".date=2026-11-24.staging-job-old"));
        Files.setLastModifiedTime(otherPartition, Files.getLastModifiedTime(dead));

        publishOne("job-1");

        assertThat(dead).doesNotExist();
        assertThat(aside).doesNotExist();
        assertThat(live).exists();
        assertThat(otherPartition).as("another partition's leftovers are its own run's to clear").exists();
        assertThat(out.resolve("date=2026-11-25/part-0.parquet")).hasContent("job-1");
    }

    @Test
    void aRepublishReplacesThePartitionAndLeavesNoHiddenFolders() throws IOException {
        publishOne("job-1");
        publishOne("job-2");
        assertThat(dir.resolve("out/date=2026-11-25/part-0.parquet")).hasContent("job-2");
        try (var names = Files.list(dir.resolve("out"))) {
            assertThat(names.map(p -> p.getFileName().toString())).containsExactly("date=2026-11-25");
        }
    }

    @Test
    void anotherModelsPartitionIsRefused() throws IOException {
        publishOne("job-1");
        AtomicOutput other = new AtomicOutput(dir.resolve("out").toString(), "date=2026-11-26", "job-9",
                new Configuration());
        assertThatThrownBy(() -> other.claim("fraud")).isInstanceOf(TrainyardException.class)
                .hasMessageContaining("holds the results of another job (model 'churn'");
    }

    @Test
    void aPartitionMustBeKeyEqualsValue() {
        assertThat(OutputPartition.parse("region=eu/date=2026-11-25")).isEqualTo("region=eu/date=2026-11-25");
        assertThatThrownBy(() -> OutputPartition.parse("2026-11-25")).hasMessageContaining("is not a partition like");
        assertThatThrownBy(() -> OutputPartition.parse("date=..")).hasMessageContaining("is not a partition like");
    }

    @Test
    void objectStoresAreKnownNotToRenameAtomically() {
        assertThat(AtomicOutput.renamesAtomically("hdfs")).isTrue();
        assertThat(AtomicOutput.renamesAtomically("file")).isTrue();
        assertThat(AtomicOutput.renamesAtomically("abfss")).isTrue();
        assertThat(AtomicOutput.renamesAtomically("s3a")).isFalse();
        assertThat(AtomicOutput.renamesAtomically("gs")).isFalse();
    }
}
