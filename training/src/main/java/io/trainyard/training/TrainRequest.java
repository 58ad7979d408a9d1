package io.trainyard.training;

import io.trainyard.features.spec.DatasetSpec;
import io.trainyard.training.spec.CvSpec;
import io.trainyard.training.spec.ModelSpec;
import io.trainyard.training.spec.SplitSpec;
import io.trainyard.training.spec.ThresholdSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * What to train and where to put it.
 *
 * @param name the model name
 * @param dataset data, label, ids and features
 * @param split holdout split
 * @param cv cross-validation
 * @param models the families and grids to search
 * @param outputDir where the bundle ({@code model/}) and the holdout rows ({@code holdout/}) go
 * @param resolvedConfig the resolved config as YAML, stored in the bundle
 * @param configHash SHA-256 of {@code resolvedConfig}
 * @param trainyardVersion the running version
 * @param threshold the decision threshold's target (binary only), or null for 0.5
 * @param runId the tracking run this training is logged to, or null
 */
public record TrainRequest(String name, DatasetSpec dataset, SplitSpec split, CvSpec cv, List<ModelSpec> models,
                           Path outputDir, String resolvedConfig, String configHash, String trainyardVersion,
                           ThresholdSpec threshold, String runId) {
    public TrainRequest(String name, DatasetSpec dataset, SplitSpec split, CvSpec cv, List<ModelSpec> models,
                        Path outputDir, String resolvedConfig, String configHash, String trainyardVersion) {
        this(name, dataset, split, cv, models, outputDir, resolvedConfig, configHash, trainyardVersion, null, null);
    }

    public TrainRequest {
        models = List.copyOf(models);
    }
}
