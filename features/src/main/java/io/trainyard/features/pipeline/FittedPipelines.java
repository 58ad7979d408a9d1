package io.trainyard.features.pipeline;

import io.trainyard.common.Batches;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import ml.dmlc.xgboost4j.LabeledPoint;
import ml.dmlc.xgboost4j.scala.Booster;
import ml.dmlc.xgboost4j.scala.DMatrix;
import ml.dmlc.xgboost4j.scala.spark.PluginUtils$;
import ml.dmlc.xgboost4j.java.XGBoostError;
import ml.dmlc.xgboost4j.scala.spark.PredictedColumns;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostModel;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;
import scala.collection.JavaConverters;

/**
 * Runs a fitted model as Spark's {@code PipelineModel.transform} does, stage after stage, except
 * that an XGBoost model reading vectors with zeros as missing predicts from the vectors as Spark
 * stored them: the {@link DenseVectorizer} before it is passed over and each sparse vector reaches
 * XGBoost as its stored entries ({@link XGBoostVectors}).
 *
 * <p>Why: XGBoost4J-Spark 3.4's {@code transform} reads a sparse vector wrongly (dmlc/xgboost#12404,
 * hence the dense vectors) and densifies every row it predicts (#12495). The XGBoost step below is
 * XGBoost4J-Spark 3.4.0's own {@code XGBoostModel.transform}, with the model's own methods for each
 * part (output schema, batch prediction, probability and prediction columns), except the conversion
 * of a vector into XGBoost's row. Same rows out, every column (tested); delete when the upstream
 * option ships.
 */
public final class FittedPipelines {
    private FittedPipelines() {
    }

    /**
     * {@code model} applied to {@code rows}: the same rows as {@code model.transform(rows)}, but for
     * the feature vector column before a model that read stored entries, which keeps Spark's storage
     * (sparse or dense) instead of being made dense.
     */
    public static Dataset<Row> transform(Model<?> model, Dataset<Row> rows) {
        if (!(model instanceof PipelineModel pipeline)) {
            return model.transform(rows);
        }
        pipeline.transformSchema(rows.schema());
        Transformer[] stages = pipeline.stages();
        Dataset<Row> out = rows;
        for (int i = 0; i < stages.length; i++) {
            if (i + 1 < stages.length && stages[i] instanceof DenseVectorizer dense
                    && stages[i + 1] instanceof XGBoostModel<?> xgboost && readsStoredEntries(xgboost, dense, out)) {
                out = predict(xgboost, out);
                i++;
            } else {
                out = stages[i].transform(out);
            }
        }
        return out;
    }

    /**
     * For binary metrics: {@code rows} through {@code model}, as (positive-class probability, label,
     * prediction) only, when the model ends in a dense-vector stage and a binary XGBoost classifier
     * reading stored entries (else null: use {@link #transform}). The same three numbers as
     * {@code transform}'s label, probability vector's second entry and prediction (the probability's
     * argmax, the first on a tie), without what metrics never read: the feature vectors written back,
     * the margins, the probability vectors built and read apart again.
     */
    public static Dataset<Row> binaryScores(Model<?> model, Dataset<Row> rows, String label, String score,
                                            String prediction) {
        if (!(model instanceof PipelineModel pipeline) || pipeline.stages().length < 2) {
            return null;
        }
        Transformer[] stages = pipeline.stages();
        if (!(stages[stages.length - 2] instanceof DenseVectorizer dense)
                || !(stages[stages.length - 1] instanceof XGBoostClassificationModel xgboost)
                || xgboost.numClasses() != 2 || xgboost.isDefined(xgboost.thresholds())
                || !readsStoredEntries(xgboost, dense, rows)) {
            return null;
        }
        Dataset<Row> out = rows;
        for (int i = 0; i < stages.length - 2; i++) {
            out = stages[i].transform(out);
        }
        Dataset<Row> input = out.select(label, xgboost.getFeaturesCol());
        // (p, label, argmax of (1 - p, p)) per row, as XGBoost4J-Spark's probability and prediction columns hold them
        JavaRDD<Row> scored = predictBatches(xgboost, input, 1, (booster, matrix, batch) -> {
            float[][] predicted = booster.predict(matrix, false, 0);
            List<Row> scores = new ArrayList<>(batch.size());
            for (int i = 0; i < predicted.length; i++) {
                double p = predicted[i][0];
                scores.add(RowFactory.create(p, ((Number) batch.get(i).get(0)).doubleValue(), p > 1.0 - p ? 1.0 : 0.0));
            }
            return scores.iterator();
        });
        return rows.sparkSession().createDataFrame(scored, new StructType().add(score, DataTypes.DoubleType)
                .add(label, DataTypes.DoubleType).add(prediction, DataTypes.DoubleType, false));
    }

    private static boolean readsStoredEntries(XGBoostModel<?> xgboost, DenseVectorizer dense, Dataset<Row> rows) {
        return XGBoostVectors.sparseReady(xgboost.getMissing()) && xgboost.getFeaturesCols().length == 0
                && xgboost.getFeaturesCol().equals(dense.getColumn()) && !PluginUtils$.MODULE$.isPluginEnabled(rows);
    }

    /** XGBoost4J-Spark's {@code transform}, each vector passed as its stored entries. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Dataset<Row> predict(XGBoostModel xgboost, Dataset<Row> rows) {
        Tuple2<StructType, PredictedColumns> prepared = xgboost.preprocess(rows);
        PredictedColumns predicted = prepared._2();
        JavaRDD<Row> out = predictBatches(xgboost, rows, rows.schema().fieldIndex(xgboost.getFeaturesCol()),
                (booster, matrix, batch) -> JavaConverters.asJavaIterator(xgboost.predictInternal(booster, matrix,
                        predicted, JavaConverters.asScalaIterator(batch.iterator()))));
        return (Dataset<Row>) xgboost.postTransform(rows.sparkSession().createDataFrame(out, prepared._1()), predicted)
                .toDF();
    }

    /** What a batch of rows becomes, given the booster and the batch's vectors as an XGBoost matrix. */
    @FunctionalInterface
    private interface BatchPrediction extends java.io.Serializable {
        Iterator<Row> apply(Booster booster, DMatrix matrix, List<Row> batch) throws XGBoostError;
    }

    /**
     * {@code rows}, the model's inference batch at a time, each batch's vectors (column
     * {@code features}) handed to XGBoost as their stored entries, the booster broadcast once, as
     * XGBoost4J-Spark's transform does.
     */
    private static JavaRDD<Row> predictBatches(XGBoostModel<?> xgboost, Dataset<Row> rows, int features,
                                               BatchPrediction predict) {
        Broadcast<Booster> booster = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext())
                .broadcast(xgboost.nativeBooster());
        int batchSize = xgboost.getInferBatchSize();
        float missing = xgboost.getMissing();
        JavaRDD<Row> out = rows.javaRDD().mapPartitions(partition -> new Batches<>(partition, batchSize, batch -> {
            List<LabeledPoint> points = new ArrayList<>(batch.size());
            batch.forEach(row -> points.add(XGBoostVectors.point((Vector) row.get(features))));
            DMatrix matrix = new DMatrix(JavaConverters.asScalaIterator(points.iterator()), null, missing);
            try {
                return predict.apply(booster.value(), matrix, batch);
            } catch (XGBoostError e) {
                throw new IllegalStateException("XGBoost could not predict a batch: " + e.getMessage(), e);
            } finally {
                matrix.delete();
            }
        }));
        booster.unpersist(false);
        return out;
    }
}
