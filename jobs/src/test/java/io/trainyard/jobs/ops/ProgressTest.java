package io.trainyard.jobs.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void theEtaExtrapolatesTheStagesOwnTaskRate() {
        // 30 of 120 tasks in 15 s: 0.5 s a task, 90 to go -> 45 s
        assertThat(Progress.line("parquet", 30, 120, 1_234_567, 75, 15))
                .isEqualTo("[parquet] tasks 30/120 · 1,234,567 rows read · 1:15 elapsed · ETA 0:45");
        assertThat(Progress.line("collect", 0, 8, 0, 2, 1)).endsWith("ETA –");
        assertThat(Progress.line("collect", 8, 8, 0, 2, 1)).endsWith("finishing");
        assertThat(Progress.clock(3725)).isEqualTo("1:02:05");
    }

    @Test
    void theGroupPathNamesJobAndModel() {
        JobMetrics metrics = new JobMetrics();
        metrics.model("churn");
        assertThat(metrics.groupUri("127.0.0.1:9091", "tracking-server").toString())
                .isEqualTo("http://127.0.0.1:9091/metrics/job/trainyard_tracking_server/model/churn");
        assertThat(metrics.render("score", 0, 1.5, 1_700_000_000L))
                .contains("trainyard_job_exit_code 0.0").contains("trainyard_job_duration_seconds 1.5")
                .contains("trainyard_job_last_success_timestamp_seconds 1.7E9");
        assertThat(metrics.render("score", 3, 1.5, 1_700_000_000L)).doesNotContain("last_success");
    }
}
