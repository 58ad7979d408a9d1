package io.trainyard.training.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.ParamMap;

/**
 * One point of the search: a family with all its params bound.
 *
 * @param family the family name
 * @param params the config params of this point (fixed and grid), kebab-case, as written in config
 * @param estimator the configured estimator
 * @param preparation stages between the shared features and the estimator
 */
public record Candidate(String family, Map<String, Object> params, Estimator<?> estimator,
                        List<PipelineStage> preparation) {
    public Candidate {
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        preparation = List.copyOf(preparation);
    }

    /** A fresh, unfitted estimator for one fit: the preparation stages and the model. */
    public PipelineStage[] stages() {
        List<PipelineStage> stages = new ArrayList<>();
        for (PipelineStage stage : preparation) {
            stages.add(stage.copy(ParamMap.empty()));
        }
        stages.add(estimator.copy(ParamMap.empty()));
        return stages.toArray(new PipelineStage[0]);
    }

    public Pipeline pipeline() {
        return new Pipeline().setStages(stages());
    }

    /** {@code xgboost {max-depth=3, eta=0.1}} */
    public String describe() {
        return family + " " + params;
    }
}
