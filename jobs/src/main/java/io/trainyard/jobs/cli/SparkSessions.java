package io.trainyard.jobs.cli;

import io.trainyard.jobs.config.SparkSpec;
import io.trainyard.jobs.ops.JobContext;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The job's SparkSession. Under {@code spark-submit} the master and properties come from it; run
 * directly, the config's {@code spark.master} (default {@code local[*]}) applies, bound to the
 * loopback interface with the UI off unless asked for.
 */
final class SparkSessions {
    private SparkSessions() {
    }

    static SparkSession create(String job, SparkSpec spec) {
        SparkConf conf = new SparkConf(true);
        if (!conf.contains("spark.master")) {
            conf.setMaster(spec.master());
            if (spec.master().startsWith("local")) {
                conf.setIfMissing("spark.driver.host", "127.0.0.1");
                conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
                conf.setIfMissing("spark.ui.enabled", "false");
                conf.setIfMissing("spark.sql.shuffle.partitions", "8");
            }
        }
        spec.conf().forEach(conf::setIfMissing);
        conf.setIfMissing("spark.app.name", "trainyard " + job);
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        JobContext.onSession(spark);
        return spark;
    }
}
