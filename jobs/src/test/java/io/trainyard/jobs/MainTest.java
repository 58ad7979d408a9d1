package io.trainyard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit code the launcher's recording run reads back (scripts/trainyard). */
class MainTest {
    @Test
    void writesTheJobsExitCodeWhereTheLauncherAsks(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("archive.tmp.rc");
        System.setProperty("trainyard.exit-code-file", file.toString());
        try {
            Main.reportExitCode(3);
        } finally {
            System.clearProperty("trainyard.exit-code-file");
        }
        assertThat(Files.readString(file)).isEqualTo("3\n");
    }
}
