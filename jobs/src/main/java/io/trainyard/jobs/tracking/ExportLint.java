package io.trainyard.jobs.tracking;

import io.trainyard.common.TrainyardException;
import io.trainyard.features.spec.Task;
import io.trainyard.scoring.onnx.ConverterRegistry;
import io.trainyard.training.PipelineCheck;
import io.trainyard.training.model.Candidate;
import io.trainyard.training.model.ModelCatalogue;
import io.trainyard.training.model.ModelFamily;
import io.trainyard.training.spec.ModelSpec;
import java.util.List;
import java.util.Optional;
import org.apache.spark.ml.PipelineStage;

/**
 * {@code export.onnx: true} checked before any fit: every feature stage and every candidate's
 * stages must have an ONNX converter that accepts their params. The first that does not stops the
 * run (exit 2) with its reason, the families that do export for the task, and the way out.
 */
public final class ExportLint implements PipelineCheck {
    private final ConverterRegistry registry = ConverterRegistry.standard();

    @Override
    public void check(List<PipelineStage> featureStages, List<Candidate> candidates, Task task) {
        if (task == Task.RECOMMENDATION) {
            return; // indexer + ALS always export, whole, as a top-N graph (RecommendationExporter); no param refuses
        }
        for (PipelineStage stage : featureStages) {
            registry.refusal(stage).ifPresent(reason -> {
                throw TrainyardException.usage("export.onnx is true, but the feature stage "
                        + stage.getClass().getSimpleName() + " cannot be exported: " + reason
                        + "; change the features section or set export.onnx: false");
            });
        }
        for (Candidate candidate : candidates) {
            refusal(candidate).ifPresent(reason -> {
                throw TrainyardException.usage("export.onnx is true, but candidate " + candidate.describe()
                        + " cannot be exported: " + reason + ". Families that export for task " + task.key() + ": "
                        + String.join(", ", exportableFamilies(task)) + " (with their default params);"
                        + " or set export.onnx: false");
            });
        }
    }

    private Optional<String> refusal(Candidate candidate) {
        for (PipelineStage stage : candidate.modelStages()) {
            Optional<String> reason = registry.refusal(stage);
            if (reason.isPresent()) {
                return reason;
            }
        }
        return Optional.empty();
    }

    /** The task's families whose default estimator exports. */
    List<String> exportableFamilies(Task task) {
        return ModelCatalogue.families(task).stream().filter(family -> ModelCatalogue.candidates(
                List.of(new ModelSpec(family, null, null)), new ModelFamily.FamilyContext(0L, 1, task)).stream()
                .allMatch(c -> refusal(c).isEmpty())).toList();
    }
}
