package io.trainyard.scoring.onnx;

import java.util.Map;

/**
 * {@code parity.json}: the same held-out rows scored by Spark and by ONNX Runtime.
 *
 * @param rows rows compared
 * @param maxAbsDiff per output ({@code label}, {@code probabilities}): the largest absolute difference
 * @param mismatchedPredictions rows whose predicted class differs
 * @param tolerance the largest probability difference allowed
 * @param passed no mismatched prediction and every probability within the tolerance
 */
public record ParityReport(long rows, Map<String, Double> maxAbsDiff, long mismatchedPredictions, double tolerance,
                           boolean passed) {
    public ParityReport {
        maxAbsDiff = Map.copyOf(maxAbsDiff);
    }
}
