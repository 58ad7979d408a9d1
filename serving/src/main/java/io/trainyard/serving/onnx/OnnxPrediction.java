package io.trainyard.serving.onnx;

/**
 * Scores of one batch, in instance order: a classifier's class indices and probabilities, or a
 * regressor's values.
 *
 * @param labels the predicted class index per instance (for binary models 1 = the positive class);
 *     null for a regressor
 * @param probabilities per instance, the probability of each class index; null for a regressor
 * @param values the predicted number per instance; null for a classifier
 */
public record OnnxPrediction(long[] labels, double[][] probabilities, double[] values) {
    /** A classifier's scores. */
    public OnnxPrediction(long[] labels, double[][] probabilities) {
        this(labels, probabilities, null);
    }

    /** A regressor's scores. */
    public static OnnxPrediction regression(double[] values) {
        return new OnnxPrediction(null, null, values);
    }

    public boolean regression() {
        return values != null;
    }

    public int size() {
        return regression() ? values.length : labels.length;
    }
}
