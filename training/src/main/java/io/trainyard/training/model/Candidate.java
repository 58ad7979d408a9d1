package io.trainyard.training.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;

/**
 * One point of the search: a family with all its params bound.
 *
 * @param family the family name
 * @param params the config params of this point (fixed and grid), kebab-case, as written in config
 * @param estimator the configured estimator
 * @param beforePrediction stages the fitted model runs its input through when predicting (see
 *     {@link ModelFamily#beforePrediction()})
 */
public record Candidate(String family, Map<String, Object> params, Estimator<?> estimator,
                        List<PipelineStage> beforePrediction) {
    public Candidate {
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        beforePrediction = List.copyOf(beforePrediction);
    }

    /**
     * Fits {@code featureStages} and then the estimator on {@code data}, as one flat pipeline model:
     * the fitted features, the family's prediction stages, the fitted model.
     */
    public PipelineModel fit(List<PipelineStage> featureStages, Dataset<?> data) {
        List<PipelineStage> stages = new ArrayList<>(featureStages);
        stages.add(estimator.copy(ParamMap.empty()));
        PipelineModel fitted = new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(data);
        if (beforePrediction.isEmpty()) {
            return fitted;
        }
        List<PipelineStage> assembled = new ArrayList<>(Arrays.asList(fitted.stages()));
        Transformer model = (Transformer) assembled.remove(assembled.size() - 1);
        for (PipelineStage stage : beforePrediction) {
            assembled.add(stage.copy(ParamMap.empty()));
        }
        assembled.add(model);
        // transformers only: Pipeline.fit assembles them into a PipelineModel without reading the data
        return new Pipeline().setStages(assembled.toArray(new PipelineStage[0])).fit(data);
    }

    /** The stages this candidate adds to a fitted model, unfitted: the prediction stages and the estimator. */
    public List<PipelineStage> modelStages() {
        List<PipelineStage> stages = new ArrayList<>(beforePrediction);
        stages.add(estimator);
        return stages;
    }

    /** {@code xgboost {max-depth=3, eta=0.1}} */
    public String describe() {
        return family + " " + params;
    }
}
