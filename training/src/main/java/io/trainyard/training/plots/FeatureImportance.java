package io.trainyard.training.plots;

import io.trainyard.features.pipeline.FeaturePipeline;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressionModel;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.classification.DecisionTreeClassificationModel;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.DecisionTreeRegressionModel;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * How much each slot of a tree model's feature vector counted, named after the slot (a numeric
 * column, {@code state_KS} for a one-hot slot), largest first, as shares that sum to 1: Spark's own
 * {@code featureImportances} for its trees and forests (each split's gain, weighted by the rows it
 * splits, averaged over trees), XGBoost's {@code total_gain} per feature for boosters. Written to
 * the bundle ({@value #FILE}) and plotted; other model families have none.
 *
 * @param kind how the importances were measured
 * @param features each feature's name and share, largest first
 */
public record FeatureImportance(String kind, List<Feature> features) {
    public static final String FILE = "feature_importance.json";
    private static final Logger LOG = LogManager.getLogger(FeatureImportance.class);

    /** One slot of the feature vector. */
    public record Feature(String name, double importance) {
    }

    /**
     * The importances of {@code model}'s last stage, when it is a tree model, with the slot names
     * from the feature vector's ML attributes as {@code model} builds them for {@code inputSchema}
     * (schema only: no Spark job).
     */
    public static Optional<FeatureImportance> of(PipelineModel model, StructType inputSchema) {
        Transformer last = model.stages()[model.stages().length - 1];
        try {
            double[] shares;
            String kind;
            Vector spark = sparkImportances(last);
            if (spark != null) {
                shares = spark.toArray();
                kind = "Spark featureImportances (split gain weighted by rows, averaged over trees)";
            } else if (last instanceof XGBoostClassificationModel || last instanceof XGBoostRegressionModel) {
                ml.dmlc.xgboost4j.scala.Booster booster = last instanceof XGBoostClassificationModel c
                        ? c.nativeBooster() : ((XGBoostRegressionModel) last).nativeBooster();
                shares = xgboostShares(booster.booster().getScore((String) null, "total_gain"),
                        slots(model, inputSchema).size());
                kind = "XGBoost total_gain per feature, as a share of all gain";
            } else {
                return Optional.empty();
            }
            List<String> names = slots(model, inputSchema);
            List<Feature> features = new ArrayList<>();
            double total = 0;
            for (double share : shares) {
                total += share;
            }
            for (int i = 0; i < shares.length; i++) {
                if (shares[i] > 0) {
                    features.add(new Feature(i < names.size() ? names.get(i) : "slot " + i,
                            total > 0 ? shares[i] / total : 0));
                }
            }
            features.sort(Comparator.comparingDouble(Feature::importance).reversed());
            return Optional.of(new FeatureImportance(kind, List.copyOf(features)));
        } catch (RuntimeException | ml.dmlc.xgboost4j.java.XGBoostError e) {
            // a plot is not worth a failed training
            LOG.warn("no feature importance plot: {}", e.toString());
            return Optional.empty();
        }
    }

    private static Vector sparkImportances(Transformer model) {
        if (model instanceof RandomForestClassificationModel m) {
            return m.featureImportances();
        } else if (model instanceof GBTClassificationModel m) {
            return m.featureImportances();
        } else if (model instanceof DecisionTreeClassificationModel m) {
            return m.featureImportances();
        } else if (model instanceof RandomForestRegressionModel m) {
            return m.featureImportances();
        } else if (model instanceof GBTRegressionModel m) {
            return m.featureImportances();
        } else if (model instanceof DecisionTreeRegressionModel m) {
            return m.featureImportances();
        }
        return null;
    }

    /** XGBoost names features {@code f<slot>} when it is given no names. */
    static double[] xgboostShares(Map<String, Double> scores, int slots) {
        int size = slots;
        for (String name : scores.keySet()) {
            size = Math.max(size, Integer.parseInt(name.substring(1)) + 1);
        }
        double[] shares = new double[size];
        scores.forEach((name, gain) -> shares[Integer.parseInt(name.substring(1))] = gain);
        return shares;
    }

    /**
     * The feature vector's slot names, from its ML attributes (numeric columns by name, one-hot slots
     * as column_value); none when a stage would need a row to size a vector.
     */
    static List<String> slots(PipelineModel model, StructType inputSchema) {
        // the attributes exist only in a transform's output schema (transformSchema has none): the stages before the
        // model, over no rows
        Dataset<Row> frame = SparkSession.active().createDataFrame(List.<Row>of(), inputSchema);
        Transformer[] stages = model.stages();
        for (int i = 0; i < stages.length - 1; i++) {
            frame = stages[i].transform(frame);
        }
        StructType out = frame.schema();
        if (!List.of(out.fieldNames()).contains(FeaturePipeline.FEATURES)) {
            return List.of();
        }
        AttributeGroup group = AttributeGroup.fromStructField(out.apply(FeaturePipeline.FEATURES));
        List<String> names = new ArrayList<>();
        if (group.attributes().isDefined()) {
            for (Attribute attribute : group.attributes().get()) {
                names.add(attribute.name().isDefined() ? attribute.name().get() : "slot " + names.size());
            }
        }
        return names;
    }
}
