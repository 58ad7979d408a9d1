package io.trainyard.jobs.config;

import java.util.Map;

/**
 * Spark settings for runs outside {@code spark-submit}.
 *
 * @param master {@code local[*]} by default; ignored when spark-submit set a master
 * @param conf extra Spark properties; spark-submit's {@code --conf} wins over them
 */
public record SparkSpec(String master, Map<String, String> conf) {
    public SparkSpec {
        master = master == null ? "local[*]" : master;
        conf = conf == null ? Map.of() : Map.copyOf(conf);
    }

    public static SparkSpec defaults() {
        return new SparkSpec(null, null);
    }
}
