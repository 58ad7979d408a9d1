package io.trainyard.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.jobs.config.SparkSpec;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {
    @Test
    void runDirectlyTheConfigsSparkConfWinsOverTheLocalDefaults() {
        SparkConf conf = SparkSessions.conf("train", new SparkSpec("local[2]",
                Map.of("spark.sql.inMemoryColumnarStorage.compressed", "true", "spark.sql.shuffle.partitions", "64")),
                new SparkConf(false));
        assertThat(conf.get("spark.master")).isEqualTo("local[2]");
        assertThat(conf.get("spark.sql.inMemoryColumnarStorage.compressed")).isEqualTo("true");
        assertThat(conf.get("spark.sql.shuffle.partitions")).isEqualTo("64");
        assertThat(conf.get("spark.ui.enabled")).isEqualTo("false");
        assertThat(conf.get("spark.app.name")).isEqualTo("trainyard train");

        SparkConf defaults = SparkSessions.conf("score", new SparkSpec(null, null), new SparkConf(false));
        assertThat(defaults.get("spark.master")).isEqualTo("local[*]");
        assertThat(defaults.get("spark.sql.inMemoryColumnarStorage.compressed")).isEqualTo("false");
        assertThat(defaults.get("spark.sql.shuffle.partitions")).isEqualTo("8");
    }

    @Test
    void underSparkSubmitItsSettingsWinAndNoLocalDefaultIsAdded() {
        SparkConf submitted = new SparkConf(false).setMaster("spark://127.0.0.1:7077")
                .set("spark.sql.shuffle.partitions", "200");
        SparkConf conf = SparkSessions.conf("score", new SparkSpec("local[2]",
                Map.of("spark.sql.shuffle.partitions", "64", "spark.executor.memory", "2g")), submitted);
        assertThat(conf.get("spark.master")).isEqualTo("spark://127.0.0.1:7077");
        assertThat(conf.get("spark.sql.shuffle.partitions")).isEqualTo("200");
        assertThat(conf.get("spark.executor.memory")).isEqualTo("2g");
        assertThat(conf.contains("spark.sql.inMemoryColumnarStorage.compressed")).isFalse();
        assertThat(conf.contains("spark.ui.enabled")).isFalse();
    }
}
