package io.trainyard.scoring.onnx;

import org.apache.spark.ml.classification.RandomForestClassificationModel;

/**
 * {@code RandomForestClassificationModel}: the sum over trees of each leaf's normalized class
 * counts (Spark's raw prediction), normalized to probabilities; the class is the first argmax.
 */
final class RandomForestClassificationModelConverter implements StageConverter<RandomForestClassificationModel> {
    @Override
    public Class<RandomForestClassificationModel> stageClass() {
        return RandomForestClassificationModel.class;
    }

    @Override
    public void convert(RandomForestClassificationModel stage, ConversionContext context) {
        String x = TreeClassifiers.features(context, stage.getFeaturesCol(), stage.numFeatures(), stage.uid());
        TreeClassifiers.votes(context, x, stage.trees(), stage.numClasses());
    }
}
