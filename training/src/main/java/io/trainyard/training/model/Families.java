package io.trainyard.training.model;

import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.pipeline.DenseVectorizer;
import io.trainyard.features.pipeline.FeaturePipeline;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;

/** The families of binary classifiers trainyard ships. */
final class Families {
    private Families() {
    }

    static final ModelFamily LOGISTIC_REGRESSION = new ModelFamily() {
        @Override
        public String name() {
            return "logistic-regression";
        }

        @Override
        public Estimator<?> prototype(FamilyContext context) {
            Map<String, Object> defaults = columns();
            defaults.put("family", "binomial");
            return configure(new LogisticRegression(), defaults);
        }
    };

    static final ModelFamily XGBOOST = new ModelFamily() {
        @Override
        public String name() {
            return "xgboost";
        }

        @Override
        public Estimator<?> prototype(FamilyContext context) {
            Map<String, Object> defaults = columns();
            // One native thread per worker and no more workers than task slots: XGBoost's OpenMP threads
            // collapse when they ask for more cores than the executor has (STACK.md).
            defaults.put("numWorkers", Math.max(1, Math.min(2, context.parallelism())));
            defaults.put("nthread", 1);
            defaults.put("tree_method", "hist");
            defaults.put("seed", context.seed());
            defaults.put("verbosity", 0);
            defaults.put("objective", "binary:logistic");
            return configure(new XGBoostClassifier(), defaults);
        }

        @Override
        public List<PipelineStage> preparation() {
            return List.of(new DenseVectorizer());
        }
    };

    private static Map<String, Object> columns() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("featuresCol", FeaturePipeline.FEATURES);
        values.put("labelCol", DatasetSchema.LABEL);
        values.put("predictionCol", ModelFamily.PREDICTION);
        values.put("probabilityCol", ModelFamily.PROBABILITY);
        values.put("rawPredictionCol", ModelFamily.RAW_PREDICTION);
        return values;
    }

    /** A copy of {@code estimator} with params set by their exact names. */
    @SuppressWarnings("unchecked")
    static <E extends Params> E configure(E estimator, Map<String, Object> byName) {
        ParamMap map = new ParamMap();
        byName.forEach((name, value) -> map.put((Param<Object>) estimator.getParam(name), value));
        return (E) estimator.copy(map);
    }
}
