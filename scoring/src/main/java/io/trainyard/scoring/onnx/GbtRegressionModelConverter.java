package io.trainyard.scoring.onnx;

import org.apache.spark.ml.regression.GBTRegressionModel;

/** {@code GBTRegressionModel}: Σ tree weight x leaf value, in double (see {@link TreeRegressors}). */
final class GbtRegressionModelConverter implements StageConverter<GBTRegressionModel> {
    @Override
    public Class<GBTRegressionModel> stageClass() {
        return GBTRegressionModel.class;
    }

    @Override
    public void convert(GBTRegressionModel stage, ConversionContext context) {
        String x = TreeRegressors.features(context, stage.getFeaturesCol(), stage.numFeatures(), stage.uid());
        context.regress(TreeRegressors.weightedSum(context, x, stage.trees(), stage.treeWeights()));
    }
}
