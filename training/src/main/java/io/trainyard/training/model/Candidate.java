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
import org.apache.spark.sql.Row;

/**
 * One point of the search: a family with all its params bound.
 *
 * @param kind the family: its prediction stages and how it adapts to its input
 * @param params the config params of this point (fixed and grid), kebab-case, as written in config
 * @param estimator the configured estimator
 */
public record Candidate(ModelFamily kind, Map<String, Object> params, Estimator<?> estimator) {
    public Candidate {
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }

    /** The family name, e.g. {@code xgboost}. */
    public String family() {
        return kind.name();
    }

    /**
     * Fits {@code featureStages} and then the estimator on {@code data}, as one flat pipeline model:
     * the fitted features, the family's prediction stages, the fitted model.
     */
    public PipelineModel fit(List<PipelineStage> featureStages, Dataset<?> data) {
        PipelineModel features = new Pipeline().setStages(featureStages.toArray(new PipelineStage[0])).fit(data);
        Dataset<Row> rows = features.transform(data);
        // an XGBoost estimator reads sparse rows as stored; any other is Spark's own fit
        Transformer model = SparseXGBoostFit.fit(kind.forInput(estimator.copy(ParamMap.empty()), rows.schema()), rows);
        List<PipelineStage> assembled = new ArrayList<>(Arrays.asList(features.stages()));
        for (PipelineStage stage : kind.beforePrediction()) {
            assembled.add(stage.copy(ParamMap.empty()));
        }
        assembled.add(model);
        // transformers only: Pipeline.fit assembles them into a PipelineModel without reading the data
        return new Pipeline().setStages(assembled.toArray(new PipelineStage[0])).fit(data);
    }

    /** The stages this candidate adds to a fitted model, unfitted: the prediction stages and the estimator. */
    public List<PipelineStage> modelStages() {
        List<PipelineStage> stages = new ArrayList<>(kind.beforePrediction());
        stages.add(estimator);
        return stages;
    }

    /** {@code xgboost {max-depth=3, eta=0.1}} */
    public String describe() {
        return family() + " " + params;
    }
}
