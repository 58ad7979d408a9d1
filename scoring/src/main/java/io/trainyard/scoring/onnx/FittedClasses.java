package io.trainyard.scoring.onnx;

import java.util.Map;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressionModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.DecisionTreeClassificationModel;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.IDFModel;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.ImputerModel;
import org.apache.spark.ml.feature.MinMaxScaler;
import org.apache.spark.ml.feature.MinMaxScalerModel;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.OneHotEncoderModel;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.regression.DecisionTreeRegressionModel;
import org.apache.spark.ml.regression.DecisionTreeRegressor;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.GeneralizedLinearRegression;
import org.apache.spark.ml.regression.GeneralizedLinearRegressionModel;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressor;

/**
 * The model class each estimator fits, so that a pipeline can be checked for export before any
 * fit. A transformer is its own fitted class. An estimator subclass is taken to fit its parent's
 * model (trainyard's {@code SizedPerceptron} sizes a {@code MultilayerPerceptronClassifier} and
 * returns Spark's own model); an estimator not listed here has no known fitted class.
 */
final class FittedClasses {
    private static final Map<Class<?>, Class<?>> MODELS = Map.ofEntries(
            Map.entry(Imputer.class, ImputerModel.class),
            Map.entry(StringIndexer.class, StringIndexerModel.class),
            Map.entry(OneHotEncoder.class, OneHotEncoderModel.class),
            Map.entry(StandardScaler.class, StandardScalerModel.class),
            Map.entry(MinMaxScaler.class, MinMaxScalerModel.class),
            Map.entry(CountVectorizer.class, CountVectorizerModel.class),
            Map.entry(IDF.class, IDFModel.class),
            Map.entry(LogisticRegression.class, LogisticRegressionModel.class),
            Map.entry(DecisionTreeClassifier.class, DecisionTreeClassificationModel.class),
            Map.entry(RandomForestClassifier.class, RandomForestClassificationModel.class),
            Map.entry(GBTClassifier.class, GBTClassificationModel.class),
            Map.entry(MultilayerPerceptronClassifier.class, MultilayerPerceptronClassificationModel.class),
            Map.entry(XGBoostClassifier.class, XGBoostClassificationModel.class),
            Map.entry(LinearRegression.class, LinearRegressionModel.class),
            Map.entry(GeneralizedLinearRegression.class, GeneralizedLinearRegressionModel.class),
            Map.entry(DecisionTreeRegressor.class, DecisionTreeRegressionModel.class),
            Map.entry(RandomForestRegressor.class, RandomForestRegressionModel.class),
            Map.entry(GBTRegressor.class, GBTRegressionModel.class),
            Map.entry(XGBoostRegressor.class, XGBoostRegressionModel.class));

    private FittedClasses() {
    }

    /** The class {@code stage} becomes once fitted, or null for an estimator of unknown output. */
    static Class<?> of(PipelineStage stage) {
        if (!(stage instanceof Estimator<?>)) {
            return stage.getClass();
        }
        for (Class<?> c = stage.getClass(); c != null; c = c.getSuperclass()) {
            Class<?> model = MODELS.get(c);
            if (model != null) {
                return model;
            }
        }
        return null;
    }
}
