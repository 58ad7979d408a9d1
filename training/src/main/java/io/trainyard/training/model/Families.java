package io.trainyard.training.model;

import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.pipeline.DenseVectorizer;
import io.trainyard.features.pipeline.FeaturePipeline;
import io.trainyard.features.spec.Task;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.regression.DecisionTreeRegressor;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.GeneralizedLinearRegression;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.sql.types.StructType;

/** The model families trainyard ships, each with its estimator per task. */
final class Families {
    /** XGBoost reads its training rows once, into its own matrix ({@link ModelFamily#readsInputOnce()}). */
    private static final String XGBOOST_NAME = "xgboost";

    private Families() {
    }

    /** Spark's logistic regression, with {@code class-weight: balanced} available for imbalanced classes. */
    static final ModelFamily LOGISTIC_REGRESSION = family("logistic-regression", List.of(),
            Map.of(Task.BINARY, c -> configure(new WeightedLogisticRegression(), wiring(Map.of("family", "binomial"))),
                    Task.MULTICLASS, c -> configure(new WeightedLogisticRegression(),
                            wiring(Map.of("family", "multinomial")))));

    static final ModelFamily LINEAR_REGRESSION = family("linear-regression", List.of(),
            Map.of(Task.REGRESSION, c -> configure(new LinearRegression(), wiring(Map.of()))));

    static final ModelFamily GENERALIZED_LINEAR_REGRESSION = family("generalized-linear-regression", List.of(),
            Map.of(Task.REGRESSION, c -> configure(new GeneralizedLinearRegression(),
                    wiring(Map.of("family", "gaussian")))));

    static final ModelFamily DECISION_TREE = family("decision-tree", List.of(), Map.of(
            Task.BINARY, c -> configure(new DecisionTreeClassifier(), wiring(Map.of("seed", c.seed()))),
            Task.MULTICLASS, c -> configure(new DecisionTreeClassifier(), wiring(Map.of("seed", c.seed()))),
            Task.REGRESSION, c -> configure(new DecisionTreeRegressor(), wiring(Map.of("seed", c.seed())))));

    static final ModelFamily RANDOM_FOREST = family("random-forest", List.of(), Map.of(
            Task.BINARY, c -> configure(new RandomForestClassifier(), wiring(Map.of("seed", c.seed()))),
            Task.MULTICLASS, c -> configure(new RandomForestClassifier(), wiring(Map.of("seed", c.seed()))),
            Task.REGRESSION, c -> configure(new RandomForestRegressor(), wiring(Map.of("seed", c.seed())))));

    /** Spark's GBT classifier is binary only; multi-class boosting is xgboost's. */
    static final ModelFamily GBT = family("gbt", List.of(), Map.of(
            Task.BINARY, c -> configure(new GBTClassifier(), wiring(Map.of("seed", c.seed()))),
            Task.REGRESSION, c -> configure(new GBTRegressor(), wiring(Map.of("seed", c.seed())))));

    static final ModelFamily MLP = family("mlp", List.of(), Map.of(
            Task.BINARY, c -> configure(new SizedPerceptron(), wiring(Map.of("seed", c.seed()))),
            Task.MULTICLASS, c -> configure(new SizedPerceptron(), wiring(Map.of("seed", c.seed())))));

    /**
     * XGBoost counts a vector's zeros as missing when {@code missing} is 0, as a CSR matrix would; so it
     * learns from the assembled vectors as Spark stored them, and each split learns where zeros go. It is
     * fitted with a sparse row's stored entries only ({@link SparseXGBoostFit}: a one-hot row is 8
     * values, not 463). XGBoost4J-Spark's own prediction reads sparse vectors wrongly
     * (dmlc/xgboost#12404, fixed upstream by #12347 after 3.4), so the fitted pipeline holds a
     * {@link DenseVectorizer} before the model; trainyard's evaluation and scoring pass it over and
     * predict from the stored entries too ({@code FittedPipelines}).
     */
    static final ModelFamily XGBOOST = family(XGBOOST_NAME, List.of(new DenseVectorizer()), Map.of(
            Task.BINARY, c -> configure(new XGBoostClassifier(), xgboost(c, "binary:logistic")),
            Task.MULTICLASS, c -> configure(new XGBoostClassifier(), xgboost(c, "multi:softprob")),
            Task.REGRESSION, c -> configure(new XGBoostRegressor(), xgboost(c, "reg:squarederror"))),
            Families::xgboostCategories);

    /**
     * XGBoost told which slots of the vector hold category indexes ({@code categorical-encoding:
     * index}: nominal ML attributes), so it splits on sets of categories. Zeros are then values (index
     * 0 is the most frequent category), and only NaN is missing. Without such slots, unchanged.
     */
    static Estimator<?> xgboostCategories(Estimator<?> estimator, StructType schema) {
        AttributeGroup group = AttributeGroup.fromStructField(schema.apply(FeaturePipeline.FEATURES));
        if (group.attributes().isEmpty()) {
            return estimator;
        }
        Attribute[] attributes = group.attributes().get();
        String[] types = new String[attributes.length];
        boolean categorical = false;
        for (int i = 0; i < attributes.length; i++) {
            boolean nominal = attributes[i] instanceof NominalAttribute;
            types[i] = nominal ? "c" : "q";
            categorical |= nominal;
        }
        if (!categorical) {
            return estimator;
        }
        return configure(estimator, Map.of("feature_types", types, "missing", Float.NaN));
    }

    /**
     * Spark's ALS matrix factorisation on explicit ratings. Cold-start rows (a user or item unseen in
     * training) are dropped when evaluating, so they neither hide errors as NaN nor count as right;
     * scoring gives unseen users a popularity fallback instead.
     */
    static final ModelFamily ALS = family("als", List.of(), Map.of(
            Task.RECOMMENDATION, c -> configure(new org.apache.spark.ml.recommendation.ALS(), Map.of(
                    "userCol", FeaturePipeline.USER, "itemCol", FeaturePipeline.ITEM, "ratingCol", DatasetSchema.LABEL,
                    "predictionCol", ModelFamily.PREDICTION, "coldStartStrategy", "drop", "seed", c.seed()))));

    static final List<ModelFamily> ALL = List.of(LOGISTIC_REGRESSION, LINEAR_REGRESSION,
            GENERALIZED_LINEAR_REGRESSION, DECISION_TREE, RANDOM_FOREST, GBT, MLP, XGBOOST, ALS);

    /** XGBoost's defaults: one native thread per worker and no more workers than task slots (STACK.md). */
    private static Map<String, Object> xgboost(ModelFamily.FamilyContext context, String objective) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("numWorkers", Math.max(1, Math.min(2, context.parallelism())));
        defaults.put("nthread", 1);
        defaults.put("tree_method", "hist");
        defaults.put("missing", 0.0f);
        defaults.put("seed", context.seed());
        defaults.put("verbosity", 0);
        defaults.put("objective", objective);
        return wiring(defaults);
    }

    private static ModelFamily family(String name, List<PipelineStage> beforePrediction,
                                      Map<Task, Function<ModelFamily.FamilyContext, Estimator<?>>> byTask) {
        return family(name, beforePrediction, byTask, (estimator, schema) -> estimator);
    }

    private static ModelFamily family(String name, List<PipelineStage> beforePrediction,
                                      Map<Task, Function<ModelFamily.FamilyContext, Estimator<?>>> byTask,
                                      BiFunction<Estimator<?>, StructType, Estimator<?>> forInput) {
        Map<Task, Function<ModelFamily.FamilyContext, Estimator<?>>> ordered = new EnumMap<>(byTask);
        return new ModelFamily() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Task> tasks() {
                return List.copyOf(ordered.keySet());
            }

            @Override
            public Estimator<?> prototype(FamilyContext context) {
                Function<FamilyContext, Estimator<?>> factory = ordered.get(context.task());
                if (factory == null) {
                    throw new IllegalArgumentException("family " + name + " cannot learn task " + context.task().key());
                }
                return factory.apply(context);
            }

            @Override
            public List<PipelineStage> beforePrediction() {
                return beforePrediction;
            }

            @Override
            public Estimator<?> forInput(Estimator<?> estimator, StructType schema) {
                return forInput.apply(estimator, schema);
            }

            @Override
            public boolean readsInputOnce() {
                return XGBOOST_NAME.equals(name);
            }
        };
    }

    /** The trainyard columns plus {@code values}; params an estimator lacks (a regressor's probability) are skipped. */
    private static Map<String, Object> wiring(Map<String, Object> values) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("featuresCol", FeaturePipeline.FEATURES);
        all.put("labelCol", DatasetSchema.LABEL);
        all.put("predictionCol", ModelFamily.PREDICTION);
        all.put("probabilityCol", ModelFamily.PROBABILITY);
        all.put("rawPredictionCol", ModelFamily.RAW_PREDICTION);
        all.putAll(values);
        return all;
    }

    /** A copy of {@code estimator} with params set by their exact names, where it has them. */
    @SuppressWarnings("unchecked")
    static <E extends Params> E configure(E estimator, Map<String, Object> byName) {
        ParamMap map = new ParamMap();
        byName.forEach((name, value) -> {
            if (estimator.hasParam(name)) {
                map.put(estimator.getParam(name), value);
            }
        });
        return (E) estimator.copy(map);
    }
}
