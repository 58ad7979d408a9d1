package io.trainyard.scoring.onnx;

import org.apache.spark.ml.regression.LinearRegressionModel;

/** {@code LinearRegressionModel}: prediction = w·x + b, in double. */
final class LinearRegressionModelConverter implements StageConverter<LinearRegressionModel> {
    @Override
    public Class<LinearRegressionModel> stageClass() {
        return LinearRegressionModel.class;
    }

    @Override
    public void convert(LinearRegressionModel stage, ConversionContext context) {
        context.regress(LinearModels.predictor(context, stage.getFeaturesCol(), stage.coefficients(),
                stage.intercept(), stage.uid()));
    }
}
