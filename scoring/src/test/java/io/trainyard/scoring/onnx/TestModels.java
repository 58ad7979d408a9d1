package io.trainyard.scoring.onnx;

import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.pipeline.FeaturePipeline;
import io.trainyard.serving.bundle.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;

/** Small, fast estimators and signatures for the parity tests. */
public final class TestModels {
    private TestModels() {
    }

    public static LogisticRegression logisticRegression(String family, int maxIter) {
        return new LogisticRegression().setFamily(family).setMaxIter(maxIter).setRegParam(0.01)
                .setFeaturesCol(FeaturePipeline.FEATURES).setLabelCol(DatasetSchema.LABEL)
                .setPredictionCol("prediction").setProbabilityCol("probability").setRawPredictionCol("_raw");
    }

    public static DecisionTreeClassifier decisionTree(int depth) {
        return new DecisionTreeClassifier().setMaxDepth(depth).setSeed(7L)
                .setFeaturesCol(FeaturePipeline.FEATURES).setLabelCol(DatasetSchema.LABEL)
                .setPredictionCol("prediction").setProbabilityCol("probability").setRawPredictionCol("_raw");
    }

    public static RandomForestClassifier randomForest(int trees, int depth) {
        return new RandomForestClassifier().setNumTrees(trees).setMaxDepth(depth).setSeed(7L)
                .setFeaturesCol(FeaturePipeline.FEATURES).setLabelCol(DatasetSchema.LABEL)
                .setPredictionCol("prediction").setProbabilityCol("probability").setRawPredictionCol("_raw");
    }

    public static GBTClassifier gbt(int iterations, int depth) {
        return new GBTClassifier().setMaxIter(iterations).setMaxDepth(depth).setSeed(7L)
                .setFeaturesCol(FeaturePipeline.FEATURES).setLabelCol(DatasetSchema.LABEL)
                .setPredictionCol("prediction").setProbabilityCol("probability").setRawPredictionCol("_raw");
    }

    static XGBoostClassifier xgboost(int rounds, int depth) {
        return configure(new XGBoostClassifier(), Map.of("featuresCol", FeaturePipeline.FEATURES,
                "labelCol", DatasetSchema.LABEL, "predictionCol", "prediction", "probabilityCol", "probability",
                "rawPredictionCol", "_raw", "numRound", rounds, "max_depth", depth, "numWorkers", 1, "nthread", 1,
                "seed", 7L));
    }

    /** An XGBoost classifier as trainyard trains it: zeros are missing, so it can read Spark's sparse vectors. */
    static XGBoostClassifier xgboostZeroMissing(int rounds, int depth) {
        XGBoostClassifier xgboost = xgboost(rounds, depth);
        return (XGBoostClassifier) xgboost.set(xgboost.getParam("missing"), 0.0f);
    }

    /**
     * {@code fitted} with {@code stage} put before its model (the last stage), as trainyard assembles an
     * XGBoost pipeline: fitted on the assembled vectors, predicting from dense ones.
     */
    static org.apache.spark.ml.PipelineModel beforeModel(org.apache.spark.ml.PipelineModel fitted,
            org.apache.spark.ml.Transformer stage, org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows) {
        java.util.List<org.apache.spark.ml.PipelineStage> stages = new java.util.ArrayList<>(
                java.util.Arrays.asList(fitted.stages()));
        stages.add(stages.size() - 1, stage);
        return new org.apache.spark.ml.Pipeline().setStages(stages.toArray(new org.apache.spark.ml.PipelineStage[0]))
                .fit(rows);
    }

    @SuppressWarnings("unchecked")
    static <E extends Params> E configure(E estimator, Map<String, Object> byName) {
        ParamMap map = new ParamMap();
        byName.forEach((name, value) -> map.put(estimator.getParam(name), value));
        map.put(estimator.getParam("tree_method"), "hist");
        return (E) estimator.copy(map);
    }

    /** Exports {@code model}, runs the parity check on {@code rows} and prints the report. */
    static ParityReport parity(String useCase, org.apache.spark.ml.PipelineModel model, Signature signature,
                               org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows) {
        byte[] onnx = new OnnxExporter().export(model, signature, new OnnxProvenance(useCase, "test", "test"))
                .toByteArray();
        ParityReport report = ParityCheck.run(model, onnx, signature, rows);
        List<org.apache.spark.ml.Transformer> stages = OnnxExporter.stages(model);
        System.out.println("parity " + useCase + " " + stages.get(stages.size() - 1).getClass().getSimpleName() + ": "
                + report);
        return report;
    }

    /** A signature like the training bundle's: ids, categorical strings, numeric doubles, text strings. */
    static Signature signature(DatasetSchema schema) {
        List<Signature.Input> inputs = new ArrayList<>();
        schema.idColumns().forEach(c -> inputs.add(new Signature.Input(c, "string", Signature.ROLE_ID, null)));
        schema.categorical().forEach(c -> inputs.add(new Signature.Input(c, "string", Signature.ROLE_CATEGORICAL,
                null)));
        schema.numeric().forEach(c -> inputs.add(new Signature.Input(c, "double", Signature.ROLE_NUMERIC, null)));
        schema.text().forEach(c -> inputs.add(new Signature.Input(c, "string", Signature.ROLE_TEXT, null)));
        return new Signature(inputs, schema.labelColumn(), schema.positiveClass(), schema.negativeClass(), "median",
                List.of("prediction", "probability"));
    }
}
