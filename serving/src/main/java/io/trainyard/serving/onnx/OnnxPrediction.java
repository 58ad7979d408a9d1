package io.trainyard.serving.onnx;

/**
 * Scores of one batch, in instance order.
 *
 * @param labels the predicted class index per instance (for binary models 1 = the positive class)
 * @param probabilities per instance, the probability of each class index
 */
public record OnnxPrediction(long[] labels, double[][] probabilities) {
    public int size() {
        return labels.length;
    }
}
