package io.trainyard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.features.testing.SparkSessionExtension;
import io.trainyard.jobs.cli.AirflowDagTest;
import io.trainyard.jobs.cli.CliTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DAG's rendered commands run end to end, each through Spark's own SparkSubmit with the shaded
 * jar, as an Airflow worker would run them, on the churn sample and Airflow's own run ids: a
 * scheduled run trains, promotes and scores; a manual run trains a version the gate refuses, so
 * promote is skipped and the day is scored with the champion that is there; a dataset-triggered run
 * with a config that is not there fails without retry, and a tracking server that is down is retried.
 * Exit codes, XComs (the --json summaries), outcome files and outputs are checked.
 */
@ExtendWith(SparkSessionExtension.class)
class AirflowDagIT {
    private static final String SCHEDULED = "scheduled__2026-11-25T02:00:00+00:00";
    private static final String MANUAL = "manual__2026-11-26T02:13:07.512345+00:00";
    private static final String TRIGGERED = "dataset_triggered__2026-11-27T02:00:00+00:00";

    @TempDir
    Path dir;

    @Test
    void theDagRunsOnAirflowsRunIdsThroughTheCli(SparkSession spark) throws Exception {
        for (String ds : List.of("2026-11-25", "2026-11-26")) {
            Dataset<Row> rows = spark.read().option("header", true).option("inferSchema", true)
                    .csv(SparkSessionExtension.repoFile("data/samples/mlc_churn.csv").toString()).limit(400);
            rows.coalesce(1).write().parquet(dir.resolve("in/date=" + ds).toString());
        }
        Path config = CliTest.smallChurnConfig(dir.resolve("churn.yaml"), dir.resolve("unused"));
        Path strict = Files.writeString(dir.resolve("churn-strict.yaml"), Files.readString(config)
                .replace("promotion: {metric: auc, min: 0.7}", "promotion: {metric: auc, min: 0.999}"));
        Map<String, String> env = Map.of("TRAINYARD_STORE", dir.resolve("mlruns").toString());

        Map<String, JsonNode> first = AirflowDagTest.run(dir, SCHEDULED, "2026-11-25", variables(config), env, false,
                "train", "promote", "score");
        assertThat(first.values()).allSatisfy(task -> assertThat(task.get("state").asText()).as(task.toString())
                .isEqualTo("success"));
        assertThat(first.get("train").at("/xcom/status").asText()).isEqualTo("ok");
        assertThat(first.get("train").at("/xcom/version").asText()).isEqualTo("1");
        assertThat(first.get("promote").at("/xcom/status").asText()).isEqualTo("ok");
        JsonNode scored = first.get("score").get("xcom");
        assertThat(scored.get("job_id").asText()).isEqualTo(SCHEDULED);
        assertThat(scored.get("rows").asLong()).isEqualTo(400);
        assertThat(dir.resolve("out/train/scheduled__2026-11-25T02%3A00%3A00+00%3A00/model/bundle.json")).exists();
        assertThat(dir.resolve("out/scores/date=2026-11-25/_trainyard.json")).exists();
        assertThat(dir.resolve("outcomes/trainyard_retrain/scheduled__2026-11-25T02%3A00%3A00+00%3A00/score.json"))
                .exists();

        Map<String, JsonNode> second = AirflowDagTest.run(dir, MANUAL, "2026-11-26", variables(strict), env, false,
                "train", "promote", "score");
        assertThat(second.get("train").at("/xcom/version").asText()).isEqualTo("2");
        assertThat(second.get("promote").get("state").asText()).isEqualTo("skipped");
        assertThat(second.get("promote").get("message").asText()).contains("trainyard exit 5", "the champion stays 1");
        assertThat(second.get("score").get("state").asText()).isEqualTo("success");
        assertThat(second.get("score").at("/xcom/model_version").asText()).as("scored with the champion that is there")
                .isEqualTo("1");
        assertThat(second.get("score").at("/xcom/job_id").asText()).isEqualTo(MANUAL);
        assertThat(dir.resolve("out/scores/date=2026-11-26/_trainyard.json")).exists();

        Map<String, String> missing = variables(dir.resolve("no-such.yaml"));
        Map<String, JsonNode> third = AirflowDagTest.run(dir, TRIGGERED, "2026-11-27", missing,
                Map.of("TRAINYARD_STORE", dir.resolve("mlruns").toString(), "MLFLOW_TRACKING_URI", "http://127.0.0.1:9"),
                false, "train", "promote");
        assertThat(third.get("train").get("state").asText()).isEqualTo("failed");
        assertThat(third.get("train").get("message").asText()).startsWith("trainyard exit 2 (config or usage; not"
                + " retried): Config file ");
        assertThat(third.get("promote").get("state").asText()).isEqualTo("up_for_retry");
        assertThat(third.get("promote").get("message").asText()).startsWith("trainyard exit 4 (retried)");
    }

    private Map<String, String> variables(Path config) {
        String submit;
        try {
            submit = ChildJvm.submitCommand(List.of("--master", "local[2]"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Map.of("trainyard_submit", submit, "trainyard_jar", System.getProperty("trainyard.jar"),
                "trainyard_config", config.toString(), "trainyard_input", dir.resolve("in") + "/",
                "trainyard_output", dir.resolve("out").toString(), "trainyard_outcomes", dir.resolve("outcomes").toString());
    }
}
