package io.trainyard.scoring.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.trainyard.common.TrainyardException;
import java.util.List;
import java.util.Optional;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import org.apache.spark.ml.param.Params;

/**
 * {@code XGBoostClassificationModel} (binary:logistic, multi:softprob, multi:softmax), from the
 * booster's JSON, in float32 like XGBoost: features cast to float, the model's {@code missing}
 * value turned into NaN, one {@code ai.onnx.ml.TreeEnsembleRegressor} summing leaf values per class
 * (BRANCH_LT: left when x &lt; threshold; NaN follows {@code default_left}) from the intercept
 * read from the JSON (binary: logit of {@code base_score}), then {@code Sigmoid} or
 * {@code Softmax} in float, and the probabilities cast to double (binary: p0 = 1 - p1).
 */
final class XgboostClassificationModelConverter implements StageConverter<XGBoostClassificationModel> {
    @Override
    public Class<XGBoostClassificationModel> stageClass() {
        return XGBoostClassificationModel.class;
    }

    static final List<String> OBJECTIVES = List.of("binary:logistic", "multi:softprob", "multi:softmax");

    @Override
    public Optional<String> refusal(Params stage) {
        return XgboostInputs.refusal(stage, OBJECTIVES);
    }

    @Override
    public void convert(XGBoostClassificationModel stage, ConversionContext context) {
        XgboostModelJson model = XgboostInputs.json(stage);
        String x = XgboostInputs.features(context, stage, stage.getFeaturesCol(), stage.getMissing(), model);
        switch (model.objective()) {
            case "binary:logistic" -> binary(context, model, x);
            case "multi:softprob", "multi:softmax" -> multiclass(context, model, x);
            default -> throw TrainyardException.usage("ONNX export: XGBoost objective '" + model.objective()
                    + "' is not supported; export supports " + String.join(", ", OBJECTIVES));
        }
    }

    private static void binary(ConversionContext context, XgboostModelJson model, String x) {
        float base = model.baseScore()[0];
        float margin = (float) -Math.log(1.0f / base - 1.0f);
        OnnxGraph graph = context.graph();
        String sum = XgboostTreeEnsemble.regressor(graph, model, x, 1, new float[] {margin});
        String p1 = context.cast(new OnnxColumn(graph.op("Sigmoid", List.of(sum)), DataType.FLOAT, 1),
                DataType.DOUBLE);
        String p0 = graph.op("Sub", List.of(context.scalar(1.0), p1));
        String probabilities = graph.op("Concat", List.of(p0, p1), OnnxGraph.Attribute.of("axis", 1L));
        context.predict(argMax(graph, probabilities), probabilities, 2);
    }

    private static void multiclass(ConversionContext context, XgboostModelJson model, String x) {
        int classes = model.classes();
        float[] base = new float[classes];
        for (int c = 0; c < classes; c++) {
            base[c] = model.baseScore().length == classes ? model.baseScore()[c] : model.baseScore()[0];
        }
        OnnxGraph graph = context.graph();
        String margins = XgboostTreeEnsemble.regressor(graph, model, x, classes, base);
        String softmax = graph.op("Softmax", List.of(margins), OnnxGraph.Attribute.of("axis", 1L));
        String probabilities = context.cast(new OnnxColumn(softmax, DataType.FLOAT, classes), DataType.DOUBLE);
        context.predict(argMax(graph, probabilities), probabilities, classes);
    }

    private static String argMax(OnnxGraph graph, String probabilities) {
        return graph.op("ArgMax", List.of(probabilities), OnnxGraph.Attribute.of("axis", 1L),
                OnnxGraph.Attribute.of("keepdims", 0L));
    }
}
