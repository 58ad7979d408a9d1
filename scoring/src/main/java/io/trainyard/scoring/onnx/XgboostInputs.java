package io.trainyard.scoring.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.trainyard.common.TrainyardException;
import java.util.List;
import java.util.Optional;
import ml.dmlc.xgboost4j.scala.spark.XGBoostModel;
import org.apache.spark.ml.param.Params;

/** What XGBoost classifiers and regressors share on the way in: the booster's JSON and float32 features. */
final class XgboostInputs {
    private XgboostInputs() {
    }

    /** Why an XGBoost estimator or model with these params cannot be exported: a non-tree booster or another objective. */
    static Optional<String> refusal(Params stage, List<String> objectives) {
        String booster = StageParams.text(stage, "booster");
        if (booster != null && !"gbtree".equals(booster)) {
            return Optional.of("XGBoost booster '" + booster + "' has no ONNX converter; use booster gbtree (the"
                    + " default)");
        }
        String objective = StageParams.text(stage, "objective");
        if (objective != null && !objectives.contains(objective)) {
            return Optional.of("XGBoost objective '" + objective + "' has no ONNX converter; use one of "
                    + String.join(", ", objectives));
        }
        return Optional.empty();
    }

    static XgboostModelJson json(XGBoostModel stage) {
        try {
            return XgboostModelJson.parse(stage.nativeBooster().toByteArray("json"));
        } catch (ml.dmlc.xgboost4j.java.XGBoostError e) {
            throw TrainyardException.internal("ONNX export: XGBoost could not write its model as JSON", e);
        }
    }

    /**
     * The features as float [N, n], with the model's {@code missing} value turned into NaN (XGBoost's
     * missing marker), checked against the booster's feature count.
     */
    static String features(ConversionContext context, Params stage, String featuresCol, float missing,
                           XgboostModelJson model) {
        if (stage.hasParam("featuresCols") && stage.isDefined(stage.getParam("featuresCols"))
                && ((String[]) stage.getOrDefault(stage.getParam("featuresCols"))).length > 0) {
            throw TrainyardException.usage("ONNX export: XGBoost model " + stage.uid()
                    + " reads featuresCols (several columns); export needs one vector featuresCol");
        }
        OnnxColumn features = context.column(featuresCol);
        if (features.width() != model.features()) {
            throw TrainyardException.usage("ONNX export: the XGBoost model has " + model.features()
                    + " features, column '" + featuresCol + "' has " + features.width());
        }
        OnnxGraph graph = context.graph();
        String x = context.cast(features, DataType.FLOAT);
        if (!Float.isNaN(missing)) {
            String isMissing = graph.op("Equal", List.of(x, graph.floats("missing", new float[] {missing}, 1)));
            x = graph.op("Where", List.of(isMissing, graph.floats("nan", new float[] {Float.NaN}, 1), x));
        }
        return x;
    }
}
