package io.trainyard.jobs.cli;

import io.trainyard.jobs.config.SparkSpec;
import io.trainyard.jobs.ops.JobContext;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The job's SparkSession. Under {@code spark-submit} the master and properties come from it; run
 * directly, the config's {@code spark.master} (default {@code local[*]}) applies, bound to the
 * loopback interface with the UI off, 8 shuffle partitions and uncompressed caches unless asked for.
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    /** Stops the job's Spark session, if one runs: a driver on the cluster ends by returning from main. */
    public static void stopAll() {
        scala.Option<SparkSession> session = SparkSession.getDefaultSession();
        if (session.isDefined()) {
            session.get().stop();
        }
        SparkSession.getActiveSession().foreach(active -> {
            active.stop();
            return null;
        });
    }

    static SparkSession create(String job, SparkSpec spec) {
        SparkSession spark = SparkSession.builder().config(conf(job, spec, new SparkConf(true))).getOrCreate();
        JobContext.onSession(spark);
        return spark;
    }

    /**
     * {@code conf} (what {@code spark-submit} set, or nothing) completed by the config's
     * {@code spark.conf}, then, run directly in local mode, by trainyard's local defaults: each
     * setting from the first that has it.
     */
    static SparkConf conf(String job, SparkSpec spec, SparkConf conf) {
        boolean direct = !conf.contains("spark.master");
        spec.conf().forEach(conf::setIfMissing);
        if (direct) {
            conf.setMaster(spec.master());
            if (spec.master().startsWith("local")) {
                conf.setIfMissing("spark.driver.host", "127.0.0.1");
                conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
                conf.setIfMissing("spark.ui.enabled", "false");
                conf.setIfMissing("spark.sql.shuffle.partitions", "8");
                // cached rows (training reads its input, its typed split and its folds from caches) stored as they are:
                // compressing them took longer than it saved (airline benchmark: 46.3 s against 50.6 s); memory on one
                // machine holds them, and a cache spills to disk beyond it
                conf.setIfMissing("spark.sql.inMemoryColumnarStorage.compressed", "false");
            }
        }
        conf.setIfMissing("spark.app.name", "trainyard " + job);
        return conf;
    }
}
