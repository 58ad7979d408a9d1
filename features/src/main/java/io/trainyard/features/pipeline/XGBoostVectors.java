package io.trainyard.features.pipeline;

import ml.dmlc.xgboost4j.LabeledPoint;
import ml.dmlc.xgboost4j.scala.spark.ColumnIndices;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * Feature vectors as XGBoost's own sparse matrix holds them: a Spark sparse vector passes its stored
 * entries only.
 *
 * <p>Why it exists: XGBoost4J-Spark 3.4 turns every feature vector into a dense row of all its slots
 * before XGBoost reads it, to train and to predict (dmlc/xgboost#12495; the opt-in fix upstream,
 * #12503, is not released), so a one-hot row of 8 values crosses into XGBoost as 463 values and 463
 * column numbers. When {@code missing} is 0, as trainyard trains a vector of one-hot slots, XGBoost
 * drops every zero of that dense row: the stored entries alone make the same matrix, the same
 * booster and the same predictions (tested). With any other {@code missing} (NaN with categorical
 * slots) a sparse gap must stay an explicit 0, and XGBoost4J-Spark's own conversion runs.
 */
public final class XGBoostVectors {
    private XGBoostVectors() {
    }

    /** Whether stored entries make the same matrix as dense rows: zeros are missing. */
    public static boolean sparseReady(float missing) {
        return missing == 0.0f;
    }

    /**
     * As {@link #sparseReady(float)}, and the training features are one vector column of {@code input}
     * (not an array column, nor separate columns, which XGBoost4J-Spark gathers into an array).
     */
    public static boolean applies(float missing, ColumnIndices columns, StructType input) {
        return sparseReady(missing) && columns.featureId().isDefined()
                && input.fields()[index(columns.featureId())].dataType() instanceof VectorUDT;
    }

    /** The rows of {@code dataset} (XGBoost4J-Spark's preprocessed training input) as labeled points. */
    public static RDD<LabeledPoint> points(Dataset<?> dataset, ColumnIndices columns) {
        int label = columns.labelId();
        int features = index(columns.featureId());
        int weight = index(columns.weightId());
        int group = index(columns.groupId());
        int margin = index(columns.marginId());
        return dataset.toDF().javaRDD().map(row -> point(row.getFloat(label), row.getAs(features),
                weight < 0 ? 1.0f : row.getFloat(weight), group < 0 ? -1 : row.getInt(group),
                margin < 0 ? Float.NaN : row.getFloat(margin))).rdd();
    }

    private static LabeledPoint point(float label, Vector vector, float weight, int group, float margin) {
        return new LabeledPoint(label, vector.size(), indices(vector), values(vector), weight, group, margin);
    }

    /** A row to predict: its stored entries, label 0. */
    static LabeledPoint point(Vector vector) {
        return point(0.0f, vector, 1.0f, -1, Float.NaN);
    }

    private static int[] indices(Vector vector) {
        return vector instanceof SparseVector sparse ? sparse.indices() : null;
    }

    private static float[] values(Vector vector) {
        double[] stored = vector instanceof SparseVector sparse ? sparse.values() : vector.toArray();
        float[] values = new float[stored.length];
        for (int i = 0; i < stored.length; i++) {
            values[i] = (float) stored[i];
        }
        return values;
    }

    private static int index(Option<Object> column) {
        return column.isDefined() ? (Integer) column.get() : -1;
    }
}
