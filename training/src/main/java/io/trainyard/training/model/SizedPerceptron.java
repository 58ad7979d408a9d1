package io.trainyard.training.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.pipeline.FeaturePipeline;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Spark's multilayer perceptron, sized from the data: the config gives only the hidden layers
 * ({@code hidden-layers: [32]}); the input layer is the feature vector's size and the output layer
 * the number of classes, both read at fit time (after one-hot encoding, which the config cannot
 * know). The fitted model is Spark's own {@link MultilayerPerceptronClassificationModel}.
 */
public final class SizedPerceptron extends MultilayerPerceptronClassifier {
    private static final long serialVersionUID = 1L;

    private final IntArrayParam hiddenLayers = new IntArrayParam(this, "hiddenLayers",
            "sizes of the hidden layers, e.g. [32] or [64, 32]; input and output layers come from the data",
            (int[] sizes) -> sizes.length > 0 && java.util.Arrays.stream(sizes).allMatch(s -> s > 0));

    public SizedPerceptron() {
        this(Identifiable$.MODULE$.randomUID("sizedPerceptron"));
    }

    public SizedPerceptron(String uid) {
        super(uid);
        setDefault(hiddenLayers, new int[] {32});
    }

    public IntArrayParam hiddenLayers() {
        return hiddenLayers;
    }

    @Override
    public MultilayerPerceptronClassificationModel fit(Dataset<?> dataset) {
        Row first = dataset.select(col(FeaturePipeline.FEATURES)).first();
        int inputs = ((Vector) first.get(0)).size();
        double maxLabel = dataset.agg(max(col(DatasetSchema.LABEL))).first().getDouble(0);
        int classes = Math.max(2, (int) maxLabel + 1);
        int[] hidden = $(hiddenLayers);
        int[] layers = new int[hidden.length + 2];
        layers[0] = inputs;
        System.arraycopy(hidden, 0, layers, 1, hidden.length);
        layers[layers.length - 1] = classes;
        MultilayerPerceptronClassifier plain = copyValues(new MultilayerPerceptronClassifier(uid()), ParamMap.empty());
        return plain.setLayers(layers).fit(dataset);
    }

    @Override
    public SizedPerceptron copy(ParamMap extra) {
        return defaultCopy(extra);
    }
}
