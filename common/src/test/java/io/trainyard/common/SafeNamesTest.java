package io.trainyard.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SafeNamesTest {
    /** Run ids as Airflow 2 and 3 make them (DagRun.generate_run_id), and ones a user may trigger with. */
    static final String[] AIRFLOW_RUN_IDS = {
        "scheduled__2026-11-25T02:00:00+00:00",
        "manual__2026-11-25T02:13:07.512345+00:00",
        "dataset_triggered__2026-11-25T02:00:00+00:00",
        "asset_triggered__2026-11-25T02:00:00+00:00",
        "backfill__2026-11-24T02:00:00+00:00",
        "my-rerun.2~b"};

    @Test
    void everyKindOfAirflowRunIdIsAJobId() {
        for (String id : AIRFLOW_RUN_IDS) {
            assertThat(SafeNames.jobId(id, "--job-id")).isEqualTo(id);
        }
    }

    @Test
    void idsThatCannotBeOnePathSegmentAreRefusedWithTheAllowedCharacters() {
        for (String id : new String[] {"../../../x", "a/b", "..", ".", "", "tab\there", "nul\0", "x".repeat(251),
            "semi;colon", "sp ace", "back\\slash"}) {
            assertThatThrownBy(() -> SafeNames.jobId(id, "--job-id"))
                    .isInstanceOf(TrainyardException.class)
                    .hasMessageContaining("is not a safe job id: use 1 to 250 of A-Z a-z 0-9 _ . ~ : + -")
                    .hasMessageNotContaining("\t").hasMessageNotContaining("\0")
                    .extracting(e -> ((TrainyardException) e).exitCode()).isEqualTo(2);
        }
        assertThatThrownBy(() -> SafeNames.jobId(null, "TRAINYARD_JOB_ID")).hasMessageStartingWith("TRAINYARD_JOB_ID ''");
    }

    @Test
    void colonsInFolderNamesAreEncodedAsSparkEncodesPartitionValues() {
        assertThat(SafeNames.segment("scheduled__2026-11-25T02:00:00+00:00"))
                .isEqualTo("scheduled__2026-11-25T02%3A00%3A00+00%3A00");
        assertThat(SafeNames.path("/tmp/trainyard/scheduled__2026-11-25T02:00:00+00:00/scores"))
                .isEqualTo("/tmp/trainyard/scheduled__2026-11-25T02%3A00%3A00+00%3A00/scores");
        assertThat(SafeNames.path("out/manual__2026-11-25T02:13:07+00:00"))
                .isEqualTo("out/manual__2026-11-25T02%3A13%3A07+00%3A00");
        assertThat(SafeNames.path("s3a://lake/scores/run=a:b/")).isEqualTo("s3a://lake/scores/run=a%3Ab/");
        assertThat(SafeNames.path("hdfs://namenode:8020/x:y")).isEqualTo("hdfs://namenode:8020/x%3Ay");
        assertThat(SafeNames.path("file:/tmp/a:b")).isEqualTo("file:/tmp/a%3Ab");
        assertThat(SafeNames.path("file:///tmp/a")).isEqualTo("file:///tmp/a");
        assertThat(SafeNames.path("/plain/path")).isEqualTo("/plain/path");
        assertThat(SafeNames.path(null)).isNull();
    }
}
