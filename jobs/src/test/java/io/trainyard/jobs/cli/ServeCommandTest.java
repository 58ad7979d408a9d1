package io.trainyard.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trainyard serve}'s usage errors: one line, exit 2, before anything listens. */
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void needsExactlyOneModel() {
        CliTest.Run none = CliTest.run("serve");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).isEqualTo("trainyard serve: Give exactly one of --model (churn@champion, churn/3 or a"
                + " bundle folder) and --bundle DIR" + System.lineSeparator());
        assertThat(CliTest.run("serve", "--model", "churn@champion", "--bundle", dir.toString()).code()).isEqualTo(2);
    }

    @Test
    void aFolderThatIsNoBundleIsRefused() {
        CliTest.Run run = CliTest.run("serve", "--bundle", dir.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("is not a trainyard model bundle (no bundle.json)");
    }

    @Test
    void theRateLimitIsRequestsASecond() {
        assertThat(ServeCommand.rate("500/s")).isEqualTo(500.0);
        assertThat(ServeCommand.rate("2.5")).isEqualTo(2.5);
        CliTest.Run run = CliTest.run("serve", "--bundle", dir.toString(), "--rate-limit", "fast");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--rate-limit 'fast' is not a rate; use requests a second, e.g. 500/s");
    }

    @Test
    void helpShowsTheApi() {
        assertThat(CliTest.run("help", "serve").out()).contains("POST /v1/models/{name}/predict", "--poll-interval",
                "--rate-limit", "--max-body-bytes", "--threads", "--host");
    }
}
