package io.trainyard.training;

import io.trainyard.features.spec.Task;
import io.trainyard.training.model.Candidate;
import java.util.List;
import org.apache.spark.ml.PipelineStage;

/**
 * A check of the pipelines a training run is about to fit, run once the data's schema is known
 * and before any fit: the unfitted feature stages and every candidate. It throws to stop the run
 * (e.g. a stage the requested ONNX export could not convert).
 */
@FunctionalInterface
public interface PipelineCheck {
    void check(List<PipelineStage> featureStages, List<Candidate> candidates, Task task);
}
