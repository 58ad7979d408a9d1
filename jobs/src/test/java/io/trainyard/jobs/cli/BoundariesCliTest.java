package io.trainyard.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.features.testing.SparkSessionExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import io.trainyard.jobs.ops.JobContext;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What crosses trainyard's edge from a scheduler or a careless hand (job ids, output and input
 * paths, store folders) is refused before any work: one line, exit 2, nothing written, no tracking
 * store or run created.
 */
@ExtendWith(SparkSessionExtension.class)
class BoundariesCliTest {
    private static final String CSV = SparkSessionExtension.repoFile("data/samples/mlc_churn.csv").toString();

    @TempDir
    Path dir;

    @Test
    void aJobIdThatCannotBeAFolderNameIsRefusedBeforeAnyWork() {
        Path output = dir.resolve("scores");
        CliTest.Run run = CliTest.run("score", "--model", dir.resolve("no-bundle").toString(), "--input", CSV,
                "--output", output.toString(), "--job-id", "../../../x");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("trainyard score: --job-id '../../../x' is not a safe job id: use 1 to"
                + " 250 of A-Z a-z 0-9 _ . ~ : + - (the characters of Airflow's run ids), and not '.' or '..'");
        assertThat(output).doesNotExist();
        assertThat(dir.getParent().getParent().resolve("x")).doesNotExist();
        Assertions.assertThatThrownBy(() -> JobContext.begin("score", false, Map.of(JobContext.JOB_ID_ENV, "a/b")))
                .hasMessageStartingWith("TRAINYARD_JOB_ID 'a/b' is not a safe job id");
    }

    @Test
    void theRootAndTheHomeFolderAreNeverAnOutput() {
        for (String root : new String[] {"/", System.getProperty("user.home")}) {
            CliTest.Run score = CliTest.run("score", "--model", dir.resolve("no-bundle").toString(), "--input", CSV,
                    "--output", root);
            assertThat(score.code()).as(score.err()).isEqualTo(2);
            assertThat(score.err()).contains("trainyard score: --output '" + root + "' is ").doesNotContain("Exception");
            CliTest.Run train = CliTest.run("train", "--config", config(), "--set", "output.dir=" + root, "--store",
                    dir.resolve("mlruns").toString());
            assertThat(train.code()).as(train.err()).isEqualTo(2);
            assertThat(train.err()).contains("trainyard train: output.dir '" + root + "' is ");
        }
        assertThat(dir.resolve("mlruns")).as("no store before the checks pass").doesNotExist();
    }

    @Test
    void aTrainingFolderHoldingOtherFilesIsRefused() throws IOException {
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("thesis.tex"), "years of work");
        CliTest.Run run = CliTest.run("train", "--config", config(), "--output", mine.toString(), "--store",
                dir.resolve("mlruns").toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().strip()).endsWith("holds files trainyard did not write (thesis.tex): name a new or empty"
                + " folder, or one an earlier train wrote (model/, holdout/)");
        assertThat(mine.toFile().list()).containsExactly("thesis.tex");
    }

    @Test
    void aConfigWhoseDataIsNotWhereItSaysIsOneLineBeforeAnyRunStarts() throws IOException {
        Path config = Files.writeString(dir.resolve("relative.yaml"), Files.readString(Path.of(config()))
                .replace(CSV, "data/samples/no-such-file.csv"));
        CliTest.Run run = CliTest.run("train", "--config", config.toString(), "--store", dir.resolve("mlruns").toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("trainyard train: Input data/samples/no-such-file.csv (data.path in "
                + config + ") does not exist in the working directory ").doesNotContain("\n").doesNotContain("--input");
        assertThat(run.out()).isEmpty();
        assertThat(dir.resolve("mlruns")).as("no tracking store, so no run left FAILED").doesNotExist();
    }

    @Test
    void aReadCommandNeverCreatesAStore() {
        Path typo = dir.resolve("mlrnus");
        for (String[] args : new String[][] {{"models", "list"}, {"models", "show", "churn"},
            {"promote", "--model", "churn"}, {"rollback", "--model", "churn"}}) {
            String[] withStore = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                    java.util.stream.Stream.of("--store", typo.toString())).toArray(String[]::new);
            CliTest.Run run = CliTest.run(withStore);
            assertThat(run.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.err()).contains("No tracking store at " + typo + " (--store): check the path");
        }
        assertThat(typo).doesNotExist();
    }

    private String config() {
        try {
            return CliTest.smallChurnConfig(dir.resolve("churn.yaml"), dir.resolve("run")).toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
