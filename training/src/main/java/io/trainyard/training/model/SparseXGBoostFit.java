package io.trainyard.training.model;

import static org.apache.spark.sql.functions.col;

import io.trainyard.features.pipeline.XGBoostVectors;
import java.util.Iterator;
import ml.dmlc.xgboost4j.LabeledPoint;
import ml.dmlc.xgboost4j.java.XGBoostError;
import ml.dmlc.xgboost4j.scala.Booster;
import ml.dmlc.xgboost4j.scala.DMatrix;
import ml.dmlc.xgboost4j.scala.spark.ColumnIndices;
import ml.dmlc.xgboost4j.scala.spark.PluginUtils$;
import ml.dmlc.xgboost4j.scala.spark.RuntimeParams;
import ml.dmlc.xgboost4j.scala.spark.Utils$;
import ml.dmlc.xgboost4j.scala.spark.Watches;
import ml.dmlc.xgboost4j.scala.spark.XGBoost$;
import ml.dmlc.xgboost4j.scala.spark.XGBoostEstimator;
import ml.dmlc.xgboost4j.scala.spark.XGBoostTrainingSummary$;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.shared.HasWeightCol;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Option;
import scala.Tuple2;
import scala.collection.JavaConverters;

/**
 * Fits an XGBoost4J-Spark estimator with its training rows handed to XGBoost as Spark stored them:
 * a sparse vector's entries only ({@link XGBoostVectors}), when zeros are missing.
 *
 * <p>Why it exists: XGBoost4J-Spark 3.4 offers no way to change its row conversion from outside
 * (dmlc/xgboost#12495; the opt-in upstream, #12503, is not released), and javac cannot subclass its
 * Scala estimators (their Scala and trait signatures clash for javac). So this runs XGBoost4J-Spark
 * 3.4.0's own fit step by step, calling the estimator's own methods for every step but one: Spark's
 * {@code Predictor.fit} (schema check, label and weight cast to double), then
 * {@code XGBoostEstimator.train} (validate, preprocess, tracker parameters, {@code XGBoost.train},
 * the model) with {@code toRdd}'s plain branch swapped for sparse rows, and, when nothing reads the
 * training rows' metric, {@code XGBoost.train} without it ({@link UnwatchedTraining}). Anything else (GPU plugin,
 * evaluation rows, margins, groups, array or columnar features, missing other than 0) takes
 * XGBoost4J-Spark's own way. {@code SparseXGBoostFitTest}
 * requires the same booster, byte for byte, as XGBoost4J-Spark's own fit. Delete when the upstream
 * option ships.
 */
final class SparseXGBoostFit {
    /** The training summary of an unwatched fit: no metric history (XGBoost4J-Spark's summary needs the key). */
    private static final scala.collection.immutable.Map<String, float[]> UNWATCHED =
            scala.collection.immutable.Map$.MODULE$.<String, float[]>empty().$plus(new Tuple2<>("train", new float[0]));

    private SparseXGBoostFit() {
    }

    /** {@code estimator} fitted on {@code rows}: through here for an XGBoost estimator, else Spark's fit. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Model<?> fit(Estimator<?> estimator, Dataset<Row> rows) {
        if (!(estimator instanceof XGBoostEstimator<?, ?> xgboost) || !(estimator instanceof Predictor<?, ?, ?> predictor)
                || PluginUtils$.MODULE$.isPluginEnabled(rows)) {
            return (Model<?>) estimator.fit(rows);
        }
        predictor.transformSchema(rows.schema());
        Dataset<Row> casted = toDouble(rows, predictor.getLabelCol());
        if (estimator instanceof HasWeightCol weighted && weighted.isDefined(weighted.weightCol())
                && !weighted.getWeightCol().isEmpty()) {
            casted = toDouble(casted, weighted.getWeightCol());
        }
        Model model = train(xgboost, casted);
        model.setParent((Estimator) estimator);
        return (Model<?>) estimator.copyValues(model, ParamMap.empty());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Model<?> train(XGBoostEstimator xgboost, Dataset<Row> dataset) {
        xgboost.validate(dataset);
        Tuple2<Dataset<?>, ColumnIndices> prepared = xgboost.preprocess(dataset);
        ColumnIndices columns = prepared._2();
        // toRdd's plain branch: no margins, no groups, no evaluation rows
        boolean plain = columns.marginId().isEmpty() && columns.groupId().isEmpty()
                && xgboost.getEvalDataset().isEmpty();
        RDD<Watches> watches = plain && XGBoostVectors.applies(xgboost.getMissing(), columns, prepared._1().schema())
                ? watches(prepared._1(), columns, xgboost.getMissing(), xgboost.getFeatureTypes(),
                        xgboost.getFeatureNames())
                : xgboost.toRdd(prepared._1(), columns);
        RuntimeParams runtime = xgboost.getRuntimeParameters(dataset.sparkSession().sparkContext().isLocal(),
                scala.collection.immutable.Map$.MODULE$.empty());
        Tuple2<Booster, scala.collection.immutable.Map<String, float[]>> trained = plain
                && runtime.earlyStoppingRounds() == 0 && runtime.eval().isEmpty() && !runtime.runOnGpu()
                ? new Tuple2<>(UnwatchedTraining.train(watches, runtime, xgboost.getXGBoostParams()), UNWATCHED)
                : XGBoost$.MODULE$.train(watches, runtime, xgboost.getXGBoostParams());
        Model<?> model = (Model<?>) xgboost.createModel(trained._1(), XGBoostTrainingSummary$.MODULE$.apply(trained._2()));
        return (Model<?>) xgboost.copyValues(model, ParamMap.empty());
    }

    /**
     * One training matrix per partition, as {@code toRdd} builds it without margins or groups: when
     * XGBoost asks for it, inside its communicator's set-up and clean-up.
     */
    private static RDD<Watches> watches(Dataset<?> input, ColumnIndices columns, float missing, String[] types,
                                        String[] names) {
        return XGBoostVectors.points(input, columns).toJavaRDD().mapPartitions(points -> new Iterator<Watches>() {
            @Override
            public boolean hasNext() {
                return points.hasNext();
            }

            @Override
            public Watches next() {
                return matrix(points, missing, types, names);
            }
        }).rdd();
    }

    private static Watches matrix(Iterator<LabeledPoint> points, float missing, String[] types, String[] names) {
        DMatrix matrix = new DMatrix(JavaConverters.asScalaIterator(points), null, missing);
        try {
            if (types.length > 0) {
                matrix.setFeatureTypes(types);
            }
            if (names.length > 0) {
                matrix.setFeatureNames(names);
            }
        } catch (XGBoostError e) {
            matrix.delete();
            throw new IllegalStateException("XGBoost refused the feature types or names: " + e.getMessage(), e);
        }
        return new Watches(new DMatrix[] {matrix}, new String[] {Utils$.MODULE$.TRAIN_NAME()}, Option.empty());
    }

    private static Dataset<Row> toDouble(Dataset<Row> rows, String column) {
        return rows.withColumn(column, col(column).cast("double"), rows.schema().apply(column).metadata());
    }
}
