package io.trainyard.scoring.onnx;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.regression.RandomForestRegressionModel;

/** {@code RandomForestRegressionModel}: the sum of the trees' leaf values divided by the number of trees, as Spark. */
final class RandomForestRegressionModelConverter implements StageConverter<RandomForestRegressionModel> {
    @Override
    public Class<RandomForestRegressionModel> stageClass() {
        return RandomForestRegressionModel.class;
    }

    @Override
    public void convert(RandomForestRegressionModel stage, ConversionContext context) {
        String x = TreeRegressors.features(context, stage.getFeaturesCol(), stage.numFeatures(), stage.uid());
        double[] ones = new double[stage.trees().length];
        Arrays.fill(ones, 1.0);
        String sum = TreeRegressors.weightedSum(context, x, stage.trees(), ones);
        context.regress(context.graph().op("Div", List.of(sum, context.scalar(stage.getNumTrees()))));
    }
}
