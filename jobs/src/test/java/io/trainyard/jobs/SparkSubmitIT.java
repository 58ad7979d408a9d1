package io.trainyard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar (Spark, Scala and Hadoop left out) run the way a scheduler runs it: through
 * Spark's own {@code org.apache.spark.deploy.SparkSubmit}, on Spark's jars, in a child JVM.
 */
class SparkSubmitIT {
    @TempDir
    Path dir;

    /** What a child process printed and returned. */
    record Outcome(int code, String out, String err) {
    }

    private Outcome submit(String... args) throws IOException, InterruptedException {
        Path repo = Paths.get(System.getProperty("trainyard.repo.root"));
        // Spark's jars: those our jar leaves out, and those (Jackson, log4j) it shades as well for 'serve'
        String sparkClasspath = Files.readString(Paths.get(System.getProperty("spark.classpath.file"))).trim()
                + java.io.File.pathSeparator
                + Files.readString(Paths.get(System.getProperty("spark.shared.classpath.file"))).trim();
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx2g");
        command.addAll(Arrays.asList(System.getProperty("spark.java.opens").trim().split("\\s+")));
        command.addAll(List.of("-cp", sparkClasspath, "org.apache.spark.deploy.SparkSubmit",
                "--master", "local[2]", "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=4",
                "--class", "io.trainyard.jobs.Main", System.getProperty("trainyard.jar")));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("TRAINYARD_HOME", repo.toString());
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("spark-submit did not finish in 10 minutes");
        }
        return new Outcome(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void theDemoRunsUnderSparkSubmit() throws Exception {
        Path output = dir.resolve("demo");
        Outcome outcome = submit("demo", "--output", output.toString(), "--json", "--set", "cv.folds=2",
                "--set", "models[0].grid.reg-param=[0.01]", "--set", "models[1].grid.max-depth=[3]",
                "--set", "models[1].params.num-round=20");
        assertThat(outcome.code()).as(outcome.err()).isZero();
        assertThat(outcome.out().strip()).startsWith("{\"command\":\"demo\",\"status\":\"ok\"");
        assertThat(output.resolve("model/bundle.json")).exists();
        assertThat(output.resolve("scores/_trainyard.json")).exists();
        // our log4j2.xml replaces Spark's INFO-everything defaults
        assertThat(outcome.err().lines().filter(l -> l.contains(" INFO ") && l.contains("org.apache.spark")).count())
                .isZero();
    }

    @Test
    void exitCodesSurviveSparkSubmit() throws Exception {
        Outcome outcome = submit("train", "--config", dir.resolve("missing.yaml").toString());
        assertThat(outcome.code()).isEqualTo(2);
        assertThat(outcome.err()).contains("trainyard train: Config file ").contains("missing.yaml not found");
    }
}
