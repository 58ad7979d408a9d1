package io.trainyard.jobs.config;

import io.trainyard.common.SafeNames;

/**
 * Where a training run writes.
 *
 * @param dir the run's folder: {@code model/} (the bundle) and {@code holdout/} go in it;
 *     {@code out/<name>} by default. A ':' in a folder name (an Airflow run id such as
 *     {@code scheduled__2026-11-25T02:00:00+00:00}) is written as {@code %3A}: Hadoop cannot read it
 *     back otherwise ({@link SafeNames#path}).
 */
public record OutputSpec(String dir) {
    public OutputSpec {
        dir = SafeNames.path(dir);
    }
}
