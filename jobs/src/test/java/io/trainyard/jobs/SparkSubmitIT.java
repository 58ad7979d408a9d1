package io.trainyard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar (Spark, Scala and Hadoop left out) run the way a scheduler runs it: through
 * Spark's own {@code org.apache.spark.deploy.SparkSubmit}, on Spark's jars, in a child JVM.
 */
class SparkSubmitIT {
    @TempDir
    Path dir;

    private ChildJvm.Outcome submit(String... args) throws IOException, InterruptedException {
        return new ChildJvm(dir).run("submit", ChildJvm.submit(List.of("--master", "local[2]"), args));
    }

    @Test
    void theDemoRunsUnderSparkSubmit() throws Exception {
        Path output = dir.resolve("demo");
        ChildJvm.Outcome outcome = submit("demo", "--output", output.toString(), "--json", "--set", "cv.folds=2",
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
        ChildJvm.Outcome outcome = submit("train", "--config", dir.resolve("missing.yaml").toString());
        assertThat(outcome.code()).isEqualTo(2);
        assertThat(outcome.err()).contains("trainyard train: Config file ").contains("missing.yaml not found");
    }
}
