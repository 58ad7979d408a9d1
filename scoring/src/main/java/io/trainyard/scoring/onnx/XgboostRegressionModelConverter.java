package io.trainyard.scoring.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.trainyard.common.TrainyardException;
import java.util.List;
import java.util.Optional;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressionModel;
import org.apache.spark.ml.param.Params;

/**
 * {@code XGBoostRegressionModel} from the booster's JSON, in float32 like XGBoost: the margin is
 * the intercept plus the leaves (one {@code TreeEnsembleRegressor}, BRANCH_LT, NaN follows
 * {@code default_left}), then the objective's inverse link, then cast to double as Spark's
 * prediction column. The intercept comes from the JSON's {@code base_score}, which XGBoost 2+ may
 * have estimated from the data and stores in output space: identity objectives
 * (reg:squarederror, reg:squaredlogerror, reg:pseudohubererror, reg:absoluteerror) add it as is,
 * count:poisson, reg:gamma and reg:tweedie add log(base_score) and apply {@code Exp}, reg:logistic
 * adds logit(base_score) and applies {@code Sigmoid}. Other objectives are refused.
 */
final class XgboostRegressionModelConverter implements StageConverter<XGBoostRegressionModel> {
    static final List<String> IDENTITY = List.of("reg:squarederror", "reg:squaredlogerror", "reg:pseudohubererror",
            "reg:absoluteerror");
    static final List<String> EXP = List.of("count:poisson", "reg:gamma", "reg:tweedie");
    static final String LOGISTIC = "reg:logistic";
    static final List<String> OBJECTIVES = java.util.stream.Stream.of(IDENTITY, EXP, List.of(LOGISTIC))
            .flatMap(List::stream).toList();

    @Override
    public Optional<String> refusal(Params stage) {
        return XgboostInputs.refusal(stage, OBJECTIVES);
    }

    @Override
    public Class<XGBoostRegressionModel> stageClass() {
        return XGBoostRegressionModel.class;
    }

    @Override
    public void convert(XGBoostRegressionModel stage, ConversionContext context) {
        XgboostModelJson model = XgboostInputs.json(stage);
        String objective = model.objective();
        if (!OBJECTIVES.contains(objective)) {
            throw TrainyardException.usage("ONNX export: XGBoost objective '" + objective + "' is not supported;"
                    + " export supports " + String.join(", ", OBJECTIVES));
        }
        if (model.baseScore().length != 1) {
            throw TrainyardException.usage("ONNX export: XGBoost regressor " + stage.uid() + " has "
                    + model.baseScore().length + " targets; export supports one");
        }
        String x = XgboostInputs.features(context, stage, stage.getFeaturesCol(), stage.getMissing(), model);
        float base = model.baseScore()[0];
        float margin = EXP.contains(objective) ? (float) Math.log(base)
                : LOGISTIC.equals(objective) ? (float) -Math.log(1.0f / base - 1.0f) : base;
        OnnxGraph graph = context.graph();
        String sum = XgboostTreeEnsemble.regressor(graph, model, x, 1, new float[] {margin});
        String output = EXP.contains(objective) ? graph.op("Exp", List.of(sum))
                : LOGISTIC.equals(objective) ? graph.op("Sigmoid", List.of(sum)) : sum;
        context.regress(context.cast(new OnnxColumn(output, DataType.FLOAT, 1), DataType.DOUBLE));
    }
}
