package io.trainyard.scoring.onnx;

import io.trainyard.common.TrainyardException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;

/**
 * The converters, looked up by the exact class of a stage (a subclass is a different stage and
 * must have its own converter, as in JPMML-SparkML).
 */
public final class ConverterRegistry {
    private final Map<Class<?>, StageConverter<?>> converters = new LinkedHashMap<>();

    private ConverterRegistry(List<StageConverter<?>> all) {
        all.forEach(c -> converters.put(c.stageClass(), c));
    }

    /** Every converter trainyard ships. */
    public static ConverterRegistry standard() {
        return new ConverterRegistry(List.of(
                new ImputerModelConverter(),
                new StringIndexerModelConverter(),
                new OneHotEncoderModelConverter(),
                new VectorAssemblerConverter(),
                new StandardScalerModelConverter(),
                new MinMaxScalerModelConverter(),
                new DenseVectorizerConverter(),
                new TokenizerConverter(),
                new RegexTokenizerConverter(),
                new StopWordsRemoverConverter(),
                new CountVectorizerModelConverter(),
                new IdfModelConverter(),
                new LogisticRegressionModelConverter(),
                new DecisionTreeClassificationModelConverter(),
                new RandomForestClassificationModelConverter(),
                new GbtClassificationModelConverter(),
                new XgboostClassificationModelConverter(),
                new MultilayerPerceptronClassificationModelConverter(),
                new LinearRegressionModelConverter(),
                new GeneralizedLinearRegressionModelConverter(),
                new DecisionTreeRegressionModelConverter(),
                new RandomForestRegressionModelConverter(),
                new GbtRegressionModelConverter(),
                new XgboostRegressionModelConverter()));
    }

    /** Whether {@code stage}'s exact class has a converter. */
    public boolean supports(Transformer stage) {
        return converters.containsKey(stage.getClass());
    }

    /** The supported Spark classes, by full name, in registration order. */
    public List<String> supportedClasses() {
        return converters.keySet().stream().map(Class::getName).toList();
    }

    /**
     * Why {@code stage} cannot be exported, if it cannot, judged before any fit: an estimator by the
     * model class it fits and its own params (which its model inherits), a transformer by itself.
     */
    public Optional<String> refusal(PipelineStage stage) {
        Class<?> fitted = FittedClasses.of(stage);
        if (fitted == null) {
            return Optional.of(stage.getClass().getSimpleName() + " fits a model no ONNX converter is known for");
        }
        StageConverter<?> converter = converters.get(fitted);
        if (converter == null) {
            return Optional.of(fitted.getSimpleName() + " has no ONNX converter");
        }
        return converter.refusal(stage);
    }

    /** Fails naming the first stage without a converter, and the supported list. */
    public void requireSupported(List<Transformer> stages) {
        for (Transformer stage : stages) {
            if (!supports(stage)) {
                throw TrainyardException.usage("Transformer class " + stage.getClass().getName() + " is not supported"
                        + " (stage " + stage.uid() + "); ONNX export supports: "
                        + converters.keySet().stream().map(Class::getSimpleName).collect(Collectors.joining(", ")));
            }
        }
    }

    @SuppressWarnings("unchecked")
    void convert(Transformer stage, ConversionContext context) {
        requireSupported(List.of(stage));
        ((StageConverter<Transformer>) converters.get(stage.getClass())).convert(stage, context);
    }
}
