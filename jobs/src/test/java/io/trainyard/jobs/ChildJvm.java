package io.trainyard.jobs;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Child JVMs on Spark's own jars (the local Maven repository's, listed at build time), the way a
 * scheduler or a cluster runs them: {@code SparkSubmit} with the shaded trainyard jar, or Spark's
 * standalone daemons. Output goes to files in the test's folder.
 */
final class ChildJvm {
    /** What a finished child printed and returned. */
    record Outcome(int code, String out, String err) {
    }

    private final Path dir;

    ChildJvm(Path dir) {
        this.dir = dir;
    }

    static Path repo() {
        return Paths.get(System.getProperty("trainyard.repo.root"));
    }

    /** Spark's jars: those our jar leaves out, and those (Jackson, log4j) it also shades for 'serve'. */
    static String sparkClasspath() throws IOException {
        return Files.readString(Paths.get(System.getProperty("spark.classpath.file"))).trim()
                + java.io.File.pathSeparator
                + Files.readString(Paths.get(System.getProperty("spark.shared.classpath.file"))).trim();
    }

    /** {@code java -Xmx.. <Spark's Java 17 flags> -cp <Spark's jars> mainClass args}. */
    static List<String> java(String heap, String mainClass, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.addAll(Arrays.asList(System.getProperty("spark.java.opens").trim().split("\\s+")));
        command.addAll(List.of("-cp", sparkClasspath(), mainClass));
        command.addAll(args);
        return command;
    }

    /** spark-submit of the trainyard jar: {@code sparkArgs} (master, confs) then the trainyard command line. */
    static List<String> submit(List<String> sparkArgs, String... trainyardArgs) throws IOException {
        List<String> args = new ArrayList<>(sparkArgs);
        args.addAll(List.of("--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.ui.enabled=false",
                "--conf", "spark.sql.shuffle.partitions=4", "--class", "io.trainyard.jobs.Main",
                System.getProperty("trainyard.jar")));
        args.addAll(List.of(trainyardArgs));
        return java("2g", "org.apache.spark.deploy.SparkSubmit", args);
    }

    /**
     * What a scheduler's {@code spark-submit} stands for here, as one shell command (each word
     * single-quoted): Spark's SparkSubmit on Spark's jars with {@code sparkArgs} and the local
     * settings of {@link #submit}; the scheduler appends {@code --class …Main JAR command …}.
     */
    static String submitCommand(List<String> sparkArgs) throws IOException {
        List<String> args = new ArrayList<>(sparkArgs);
        args.addAll(List.of("--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.ui.enabled=false",
                "--conf", "spark.sql.shuffle.partitions=4"));
        return String.join(" ", java("2g", "org.apache.spark.deploy.SparkSubmit", args).stream()
                .map(word -> "'" + word.replace("'", "'\\''") + "'").toList());
    }

    /** Starts a child whose stdout and stderr go to {@code <name>.out} and {@code <name>.err}. */
    Process start(String name, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo().toFile())
                .redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile());
        builder.environment().put("TRAINYARD_HOME", repo().toString());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }

    /** Runs a child to its end (at most 10 minutes). */
    Outcome run(String name, List<String> command) throws IOException, InterruptedException {
        Process process = start(name, command);
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not finish in 10 minutes");
        }
        return new Outcome(process.exitValue(), Files.readString(dir.resolve(name + ".out")),
                Files.readString(dir.resolve(name + ".err")));
    }

    String err(String name) throws IOException {
        return Files.readString(dir.resolve(name + ".err"));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
