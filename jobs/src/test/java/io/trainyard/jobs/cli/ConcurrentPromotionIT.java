package io.trainyard.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.features.testing.SparkSessionExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two scheduler tasks promote the same challenger at the same moment, as two separate
 * {@code trainyard promote} processes on one tracking store (each with its own embedded server
 * over the same SQLite file). Both read champion = 1 and evaluate; the compare-and-set lets exactly
 * one move it, and the other is told that the alias moved under it, with nothing changed.
 */
@ExtendWith(SparkSessionExtension.class)
class ConcurrentPromotionIT {
    @TempDir
    Path dir;

    @Test
    void twoPromotionsAtOnceExactlyOneWins() throws Exception {
        Path store = dir.resolve("mlruns");
        Path config = CliTest.smallChurnConfig(dir.resolve("churn.yaml"), dir.resolve("run"));
        System.setProperty("trainyard.cache", dir.resolve("cache").toString());
        inProcess("train", "--config", config.toString(), "--store", store.toString());
        inProcess("promote", "--model", "churn", "--store", store.toString());
        inProcess("train", "--config", config.toString(), "--store", store.toString());

        List<Process> promotions = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            promotions.add(start(i, "promote", "--model", "churn", "--reason", "task " + i, "--store",
                    store.toString()));
        }
        List<Integer> codes = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Process process = promotions.get(i);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("promote " + i + " did not finish in 5 minutes");
            }
            codes.add(process.exitValue());
            errors.add(Files.readString(dir.resolve("err" + i + ".txt")));
        }

        assertThat(codes).as(String.join("\n----\n", errors)).containsExactlyInAnyOrder(0, 1);
        String loser = errors.get(codes.indexOf(1));
        assertThat(loser).contains("Alias 'champion' of model 'churn' was expected to point to version 1 but points"
                + " to version 2: another promotion or rollback moved it concurrently. Nothing was changed by this one");

        CliTest.Run history = inProcess("models", "history", "churn", "--json", "--store", store.toString());
        List<String> championMoves = new ArrayList<>();
        for (JsonNode entry : history.json().get("history")) {
            if ("champion".equals(entry.get("alias").asText())) {
                championMoves.add(entry.get("from_version").asText("") + "->" + entry.get("to_version").asText());
            }
        }
        assertThat(championMoves).containsExactly("->1", "1->2");
    }

    private static CliTest.Run inProcess(String... args) {
        CliTest.Run run = CliTest.run(args);
        assertThat(run.code()).as(run.err()).isZero();
        return run;
    }

    /** {@code trainyard <args>} in a child JVM, as scripts/trainyard starts it. */
    private Process start(int index, String... args) throws IOException {
        String classpath = System.getProperty("trainyard.jar") + java.io.File.pathSeparator
                + Files.readString(Paths.get(System.getProperty("spark.classpath.file"))).trim();
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(Arrays.asList(System.getProperty("spark.java.opens").trim().split("\\s+")));
        command.addAll(List.of("-Dtrainyard.cache=" + dir.resolve("cache" + index), "-cp", classpath,
                "io.trainyard.jobs.Main"));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("out" + index + ".txt").toFile())
                .redirectError(dir.resolve("err" + index + ".txt").toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().remove("MLFLOW_TRACKING_URI");
        return builder.start();
    }
}
