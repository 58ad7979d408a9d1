package io.trainyard.jobs.config;

/**
 * Where a training run writes.
 *
 * @param dir the run's folder: {@code model/} (the bundle) and {@code holdout/} go in it;
 *     {@code out/<name>} by default
 */
public record OutputSpec(String dir) {
}
