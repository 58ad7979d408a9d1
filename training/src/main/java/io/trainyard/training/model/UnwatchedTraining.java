package io.trainyard.training.model;

import java.util.HashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Communicator;
import ml.dmlc.xgboost4j.java.ConfigContext;
import ml.dmlc.xgboost4j.java.RabitTracker;
import ml.dmlc.xgboost4j.java.XGBoostError;
import ml.dmlc.xgboost4j.scala.Booster;
import ml.dmlc.xgboost4j.scala.ObjectiveTrait;
import ml.dmlc.xgboost4j.scala.spark.RuntimeParams;
import ml.dmlc.xgboost4j.scala.spark.TrackerConf;
import ml.dmlc.xgboost4j.scala.spark.Watches;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.TaskContext;
import org.apache.spark.rdd.RDD;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * XGBoost4J-Spark 3.4.0's {@code XGBoost.train} (a tracker, one barrier task per worker joining
 * XGBoost's communicator, the booster of worker 0 brought back through a one-partition shuffle so a
 * failed task is retried), with one difference: no watch list. XGBoost4J-Spark always hands XGBoost
 * the training rows as a watch, and XGBoost then computes the objective's metric over every
 * training row after every round, only for it to be logged (nothing reads it without early stopping
 * or a custom metric, where trainyard keeps XGBoost4J-Spark's own call): measured 0.5-0.8 s of
 * 100 rounds on 640,000 one-hot airline rows with 2 threads, ~25% of the boosting. The trees are the
 * same; the booster only lacks the {@code best_iteration} and {@code best_score} attributes that
 * watching sets ({@code SparseXGBoostFitTest}). For CPU training only (GPU workers pick their device
 * in XGBoost4J-Spark's task).
 */
final class UnwatchedTraining {
    private static final Logger LOG = LogManager.getLogger(UnwatchedTraining.class);

    private UnwatchedTraining() {
    }

    static Booster train(RDD<Watches> input, RuntimeParams runtime, scala.collection.immutable.Map<String, Object> params) {
        TrackerConf conf = runtime.trackerConf();
        try {
            RabitTracker tracker = new RabitTracker(runtime.numWorkers(), conf.hostIp(), conf.port(), conf.timeout());
            if (!tracker.start()) {
                throw new IllegalStateException("XGBoost's tracker did not start");
            }
            try {
                RDD<Booster> boosters = input.barrier().mapPartitions(new Task(new HashMap<>(tracker.getWorkerArgs()),
                        runtime.numRounds(), params, runtime.obj().getOrElse(() -> null),
                        new HashMap<>(JavaConverters.mapAsJavaMap(runtime.configs()))), false,
                        ClassTag$.MODULE$.apply(Booster.class));
                // a shuffle map stage, not a result stage: Spark retries a failed training task there
                Object[] trained = (Object[]) boosters.repartition(1, null).collect();
                return (Booster) trained[0];
            } finally {
                try {
                    tracker.stop();
                } catch (XGBoostError e) {
                    LOG.warn("XGBoost's tracker did not stop cleanly: {}", e.getMessage());
                }
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost training failed: " + e.getMessage(), e);
        }
    }

    /** One worker: joins the communicator, boosts on its partition's matrix, and worker 0 returns the booster. */
    private static final class Task extends AbstractFunction1<Iterator<Watches>, Iterator<Booster>>
            implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        private final HashMap<String, Object> tracker;
        private final int rounds;
        private final scala.collection.immutable.Map<String, Object> params;
        private final ObjectiveTrait objective;
        private final HashMap<String, Object> configs;

        Task(HashMap<String, Object> tracker, int rounds, scala.collection.immutable.Map<String, Object> params,
             ObjectiveTrait objective, HashMap<String, Object> configs) {
            this.tracker = tracker;
            this.rounds = rounds;
            this.params = params;
            this.objective = objective;
            this.configs = configs;
        }

        @Override
        public Iterator<Booster> apply(Iterator<Watches> matrices) {
            int partition = TaskContext.getPartitionId();
            Map<String, Object> env = new HashMap<>(tracker);
            env.put("DMLC_TASK_ID", Integer.toString(partition));
            try {
                Communicator.init(env);
                try (ConfigContext ignored = new ConfigContext(configs)) {
                    if (!matrices.hasNext()) {
                        throw new IllegalStateException("XGBoost worker " + partition + " got no training matrix");
                    }
                    Watches watches = matrices.next();
                    try {
                        Booster booster = ml.dmlc.xgboost4j.scala.XGBoost$.MODULE$.train(watches.toMap().apply("train"),
                                params, rounds, scala.collection.immutable.Map$.MODULE$.empty(), null, objective, null,
                                0, null);
                        return JavaConverters.asScalaIterator(partition == 0 ? java.util.List.of(booster).iterator()
                                : java.util.Collections.<Booster>emptyIterator());
                    } finally {
                        watches.delete();
                    }
                } finally {
                    try {
                        Communicator.shutdown();
                    } catch (XGBoostError e) {
                        LogManager.getLogger(UnwatchedTraining.class).error("XGBoost's communicator did not shut down", e);
                    }
                }
            } catch (XGBoostError e) {
                throw new IllegalStateException("XGBoost worker " + partition + " failed: " + e.getMessage(), e);
            }
        }
    }
}
