package io.trainyard.scoring.onnx;

import org.apache.spark.ml.regression.DecisionTreeRegressionModel;
import org.apache.spark.ml.tree.Node;

/** {@code DecisionTreeRegressionModel}: the leaf's value, in double (see {@link TreeRegressors}). */
final class DecisionTreeRegressionModelConverter implements StageConverter<DecisionTreeRegressionModel> {
    @Override
    public Class<DecisionTreeRegressionModel> stageClass() {
        return DecisionTreeRegressionModel.class;
    }

    @Override
    public void convert(DecisionTreeRegressionModel stage, ConversionContext context) {
        String x = TreeRegressors.features(context, stage.getFeaturesCol(), stage.numFeatures(), stage.uid());
        context.regress(TreeRegressors.weightedSum(context, x, new Node[] {stage.rootNode()}, new double[] {1.0}));
    }
}
