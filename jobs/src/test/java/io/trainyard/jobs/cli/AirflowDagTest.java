package io.trainyard.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.features.testing.SparkSessionExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The Airflow DAG in scripts/airflow is valid Python, and every trainyard command and flag it uses
 * exists in the CLI (a renamed flag would otherwise break the DAG only at 2 a.m.). Python parses the
 * DAG (Airflow is not needed); picocli's model of the CLI is the reference.
 */
class AirflowDagTest {
    private static final Path DAG = SparkSessionExtension.repoFile("scripts/airflow/trainyard_retrain.py");

    @Test
    void theDagIsValidPythonAndUsesOnlyCommandsAndFlagsTheCliHas() throws Exception {
        python("-m", "py_compile", DAG.toString());
        JsonNode commands = new ObjectMapper().readTree(python(
                SparkSessionExtension.repoFile("scripts/airflow/dag_commands.py").toString(), DAG.toString()));

        List<String> used = new ArrayList<>();
        CommandLine cli = Trainyard.commandLine(null, null);
        for (JsonNode args : commands) {
            String name = args.get(0).asText();
            used.add(name);
            assertThat(cli.getSubcommands()).as("trainyard command '%s' used by the DAG", name).containsKey(name);
            CommandLine.Model.CommandSpec spec = cli.getSubcommands().get(name).getCommandSpec();
            assertThat(spec.findOption("--json")).as("--json, which the operator appends").isNotNull();
            for (JsonNode arg : args) {
                if (arg.asText().startsWith("--")) {
                    assertThat(spec.findOption(arg.asText())).as("flag %s of trainyard %s", arg.asText(), name)
                            .isNotNull();
                }
            }
        }
        assertThat(used).containsExactly("train", "promote", "score");
    }

    private static String python(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
