package io.trainyard.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.features.testing.SparkSessionExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The Airflow DAG in scripts/airflow, loaded by Python against a stand-in for Airflow's task
 * runtime (src/test/resources/airflow-stand-in: Airflow itself cannot be installed here) and its
 * templates rendered with Jinja2 for each kind of Airflow run id: every trainyard command and flag
 * the rendered commands use exists in the CLI, the run id arrives whole, and the task settings the
 * contract relies on (score after a refused promotion, retries) hold. AirflowDagIT runs the rendered
 * commands end to end.
 */
public class AirflowDagTest {
    static final Path DAG = SparkSessionExtension.repoFile("scripts/airflow/trainyard_retrain.py");
    static final Path STAND_IN = SparkSessionExtension.repoFile("jobs/src/test/resources/airflow-stand-in");
    static final ObjectMapper JSON = new ObjectMapper();
    /** Run ids as Airflow 2 and 3 make them. */
    static final List<String> RUN_IDS = List.of("scheduled__2026-11-25T02:00:00+00:00",
            "manual__2026-11-25T02:13:07.512345+00:00", "dataset_triggered__2026-11-25T02:00:00+00:00",
            "asset_triggered__2026-11-25T02:00:00+00:00", "backfill__2026-11-25T02:00:00+00:00");

    @TempDir
    Path dir;

    @Test
    void theRenderedCommandsUseOnlyCommandsAndFlagsTheCliHasForEveryKindOfRunId() throws Exception {
        CommandLine cli = Trainyard.commandLine(null, null);
        for (String runId : RUN_IDS) {
            Map<String, JsonNode> tasks = run(dir, runId, "2026-11-25", Map.of(), Map.of(), true,
                    "train", "promote", "score");
            for (JsonNode task : tasks.values()) {
                List<String> words = shellWords(task.get("command").asText());
                int main = words.indexOf("io.trainyard.jobs.Main");
                assertThat(main).as("spark-submit --class io.trainyard.jobs.Main JAR …").isPositive();
                List<String> args = words.subList(main + 2, words.size());
                String name = args.get(0);
                assertThat(name).isEqualTo(task.get("task_id").asText());
                assertThat(cli.getSubcommands()).containsKey(name);
                CommandLine.Model.CommandSpec spec = cli.getSubcommands().get(name).getCommandSpec();
                for (String arg : args) {
                    if (arg.startsWith("--")) {
                        assertThat(spec.findOption(arg.split("=")[0])).as("flag %s of trainyard %s", arg, name)
                                .isNotNull();
                    }
                }
                assertThat(args).contains("--json", "--outcome-file");
                assertThat(task.get("command").asText()).contains(runId);
            }
            assertThat(tasks.get("score").get("command").asText()).contains("--job-id '" + runId + "'",
                    "--partition 'date=2026-11-25'");
            assertThat(tasks.get("train").get("command").asText()).contains("output.dir=/tmp/trainyard/train/" + runId);
        }
    }

    @Test
    void scoringFollowsARefusedPromotionAndOnlyTransientFailuresAreRetried() throws Exception {
        Map<String, JsonNode> tasks = run(dir, RUN_IDS.get(0), "2026-11-25", Map.of(), Map.of(), true,
                "train", "promote", "score");
        assertThat(tasks.get("score").get("trigger_rule").asText()).isEqualTo("none_failed");
        assertThat(tasks.get("score").get("upstream").toString()).isEqualTo("[\"promote\"]");
        assertThat(tasks.get("promote").get("upstream").toString()).isEqualTo("[\"train\"]");
        assertThat(tasks.values()).allSatisfy(task -> assertThat(task.get("retries").asInt()).isEqualTo(2));
        // what each exit code does to a task: a stand-in submit command that exits with it
        Map<Integer, String> states = new LinkedHashMap<>();
        for (int code : new int[] {0, 1, 2, 3, 4, 5}) {
            Map<String, String> vars = Map.of("trainyard_submit", "exit " + code + "; :",
                    "trainyard_outcomes", dir.resolve("outcomes").toString());
            Map<String, JsonNode> ran = run(dir, RUN_IDS.get(0), "2026-11-25", vars, Map.of(), false, "train", "promote");
            states.put(code, ran.get("train").get("state").asText() + "/" + ran.get("promote").get("state").asText());
        }
        assertThat(states).containsExactly(Map.entry(0, "success/success"), Map.entry(1, "up_for_retry/up_for_retry"),
                Map.entry(2, "failed/failed"), Map.entry(3, "failed/failed"), Map.entry(4, "up_for_retry/up_for_retry"),
                Map.entry(5, "failed/skipped"));
    }

    /** Runs (or with {@code dry}, only renders) tasks of one DAG run; returns each task's record by task id. */
    public static Map<String, JsonNode> run(Path dir, String runId, String ds, Map<String, String> variables,
                                     Map<String, String> env, boolean dry, String... tasks) throws Exception {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("run_id", runId);
        spec.put("ds", ds);
        spec.put("ts", ds + "T02:00:00+00:00");
        spec.put("variables", variables);
        spec.put("env", env);
        spec.put("dry", dry);
        spec.put("tasks", List.of(tasks));
        Path file = Files.createTempFile(dir, "run-", ".json");
        JSON.writeValue(file.toFile(), spec);
        Path log = Files.createTempFile(dir, "run-", ".log");
        ProcessBuilder builder = new ProcessBuilder(python(), STAND_IN.resolve("run_dag.py").toString(), DAG.toString(),
                file.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PYTHONPATH", STAND_IN.toString());
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process process = builder.start();
        assertThat(process.waitFor(15, TimeUnit.MINUTES)).as("the DAG run ended").isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        Map<String, JsonNode> records = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("TASK: ")) {
                JsonNode record = JSON.readTree(line.substring(6));
                assertThat(record.get("state") == null ? "" : record.get("state").asText()).as(output)
                        .isNotEqualTo("error");
                records.put(record.get("task_id").asText(), record);
            }
        }
        assertThat(records.keySet()).as(output).containsExactly(tasks);
        return records;
    }

    /** Debian's Python 3 with Jinja2 (python3-jinja2), which .ci/run installs. */
    static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** The words of a command as bash splits it (the DAG quotes with single quotes only). */
    static List<String> shellWords(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : command.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    words.add(word.toString());
                    word.setLength(0);
                    any = false;
                }
            } else {
                word.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(word.toString());
        }
        return words;
    }
}
