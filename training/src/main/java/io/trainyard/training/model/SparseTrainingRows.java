package io.trainyard.training.model;

import ml.dmlc.xgboost4j.LabeledPoint;
import ml.dmlc.xgboost4j.scala.spark.ColumnIndices;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Option;

/**
 * XGBoost's training rows as its own sparse matrix holds them: a Spark sparse vector passes its
 * stored entries only.
 *
 * <p>Why it exists: XGBoost4J-Spark 3.4 turns every feature vector into a dense row of all its slots
 * before XGBoost reads it (dmlc/xgboost#12495; the opt-in fix upstream, #12503, is not released),
 * so a one-hot row of 8 values crosses into XGBoost as 463 values and 463 column numbers. When
 * {@code missing} is 0, as trainyard trains a vector of one-hot slots, XGBoost drops every zero of
 * that dense row: the stored entries alone make the same matrix and the same booster (tested). With
 * any other {@code missing} (NaN with categorical slots) a sparse gap must stay an explicit 0, and
 * XGBoost4J-Spark's own conversion runs.
 */
final class SparseTrainingRows {
    private SparseTrainingRows() {
    }

    /** Whether the stored entries make the same matrix: zeros are missing, and the features are one vector column. */
    static boolean applies(float missing, ColumnIndices columns) {
        return missing == 0.0f && columns.featureId().isDefined();
    }

    /** The rows of {@code dataset} (XGBoost4J-Spark's preprocessed training input) as labeled points. */
    static RDD<LabeledPoint> points(Dataset<?> dataset, ColumnIndices columns) {
        int label = columns.labelId();
        int features = index(columns.featureId());
        int weight = index(columns.weightId());
        int group = index(columns.groupId());
        int margin = index(columns.marginId());
        return dataset.toDF().javaRDD().map(row -> point(row, label, features, weight, group, margin)).rdd();
    }

    private static LabeledPoint point(Row row, int label, int features, int weight, int group, int margin) {
        Vector vector = row.getAs(features);
        int[] indices = vector instanceof SparseVector sparse ? sparse.indices() : null;
        double[] stored = vector instanceof SparseVector sparse ? sparse.values() : vector.toArray();
        float[] values = new float[stored.length];
        for (int i = 0; i < stored.length; i++) {
            values[i] = (float) stored[i];
        }
        return new LabeledPoint(row.getFloat(label), vector.size(), indices, values,
                weight < 0 ? 1.0f : row.getFloat(weight), group < 0 ? -1 : row.getInt(group),
                margin < 0 ? Float.NaN : row.getFloat(margin));
    }

    private static int index(Option<Object> column) {
        return column.isDefined() ? (Integer) column.get() : -1;
    }
}
