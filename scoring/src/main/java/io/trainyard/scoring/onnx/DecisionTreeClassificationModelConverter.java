package io.trainyard.scoring.onnx;

import org.apache.spark.ml.classification.DecisionTreeClassificationModel;

/**
 * {@code DecisionTreeClassificationModel}: the leaf's class counts, normalized, are the
 * probabilities; the class is their first argmax. Splits in double (see {@link SparkTrees}).
 */
final class DecisionTreeClassificationModelConverter implements StageConverter<DecisionTreeClassificationModel> {
    @Override
    public Class<DecisionTreeClassificationModel> stageClass() {
        return DecisionTreeClassificationModel.class;
    }

    @Override
    public void convert(DecisionTreeClassificationModel stage, ConversionContext context) {
        String x = TreeClassifiers.features(context, stage.getFeaturesCol(), stage.numFeatures(), stage.uid());
        TreeClassifiers.votes(context, x, new DecisionTreeClassificationModel[] {stage}, stage.numClasses());
    }
}
