package io.trainyard.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.common.TrainyardException;
import io.trainyard.training.TrainResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedTrainingTest {
    @TempDir
    Path dir;

    @Test
    void aFailedTrainingLeavesTheFolderAsItFoundIt() throws IOException {
        Path output = dir.resolve("scheduled__2026-11-25T02%3A00%3A00+00%3A00");
        try (StagedTraining staged = StagedTraining.begin(output.toString(), "scheduled__2026-11-25T02:00:00+00:00")) {
            assertThat(staged.staging().getFileName().toString())
                    .isEqualTo(".staging-scheduled__2026-11-25T02%3A00%3A00+00%3A00");
            write(staged.staging().resolve("model/bundle.json"), "{}");
            write(staged.staging().resolve("holdout/part-0.parquet"), "rows");
            // the training fails here: close without publish
        }
        assertThat(output).as("the folder this training made").doesNotExist();
    }

    @Test
    void aFailedTrainingKeepsTheEarlierModelAndAPublishedOneReplacesIt() throws IOException {
        Path output = dir.resolve("churn");
        write(output.resolve("model/bundle.json"), "earlier");
        write(output.resolve("holdout/part-0.parquet"), "earlier rows");
        try (StagedTraining staged = StagedTraining.begin(output.toString(), "train-1")) {
            write(staged.staging().resolve("model/bundle.json"), "half");
        }
        assertThat(Files.readString(output.resolve("model/bundle.json"))).isEqualTo("earlier");
        assertThat(names(output)).containsExactlyInAnyOrder("model", "holdout");

        try (StagedTraining staged = StagedTraining.begin(output.toString(), "train-2")) {
            write(staged.staging().resolve("model/bundle.json"), "new");
            write(staged.staging().resolve("holdout/part-0.parquet"), "new rows");
            TrainResult published = staged.publish(result(staged.staging()));
            assertThat(published.bundleDir()).isEqualTo(output.resolve("model"));
            assertThat(published.holdoutDir()).isEqualTo(output.resolve("holdout"));
        }
        assertThat(Files.readString(output.resolve("model/bundle.json"))).isEqualTo("new");
        assertThat(Files.readString(output.resolve("holdout/part-0.parquet"))).isEqualTo("new rows");
        assertThat(names(output)).containsExactlyInAnyOrder("model", "holdout");
    }

    @Test
    void foldersTrainyardDidNotWriteAreRefused() throws IOException {
        write(dir.resolve("mine/notes.txt"), "mine");
        assertThatThrownBy(() -> StagedTraining.begin(dir.resolve("mine").toString(), "j"))
                .isInstanceOf(TrainyardException.class)
                .hasMessageContaining("holds files trainyard did not write (notes.txt)")
                .extracting(e -> ((TrainyardException) e).exitCode()).isEqualTo(2);
        assertThat(names(dir.resolve("mine"))).containsExactly("notes.txt");
        write(dir.resolve("file"), "x");
        assertThatThrownBy(() -> StagedTraining.begin(dir.resolve("file").toString(), "j"))
                .hasMessageContaining("is a file, not a folder");
        for (String root : new String[] {"/", "//", "file:/", "s3a://bucket/", "hdfs://namenode:8020/"}) {
            assertThatThrownBy(() -> OutputFolders.refuseRootOrHome(root, "--output")).as(root)
                    .hasMessageContaining("is the root of a file system");
        }
        assertThatThrownBy(() -> OutputFolders.forTraining(System.getProperty("user.home")))
                .hasMessageContaining("is your home folder");
        OutputFolders.refuseRootOrHome("s3a://bucket/scores", "--output");
        OutputFolders.refuseRootOrHome(dir.resolve("new").toString(), "--output");
    }

    private static TrainResult result(Path staging) {
        return new TrainResult("churn", staging.resolve("model"), "id", staging.resolve("holdout"), 10, 8, 2, null,
                null, Map.of(), null, null, null);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static java.util.List<String> names(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).toList();
        }
    }
}
