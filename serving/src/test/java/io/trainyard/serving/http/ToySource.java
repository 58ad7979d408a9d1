package io.trainyard.serving.http;

import io.trainyard.serving.bundle.Signature;
import io.trainyard.serving.onnx.OnnxModel;
import io.trainyard.serving.onnx.OnnxModelTest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A model source over the hand-built test graph ({@code color} red/blue, numeric {@code size},
 * p(yes) = sigmoid([color = red] + size)) whose version a test moves, as a promotion moves an alias.
 */
final class ToySource implements ModelSource {
    static final byte[] GRAPH = OnnxModelTest.graph().toByteArray();
    static final byte[] REGRESSION_GRAPH = OnnxModelTest.regressionGraph().toByteArray();

    final AtomicReference<String> version = new AtomicReference<>("1");
    final List<ServedModel> loaded = new CopyOnWriteArrayList<>();
    private final String missing;
    private final boolean regression;
    volatile boolean failLoads;

    ToySource(String missing) {
        this(missing, false);
    }

    /** A regression model instead: prediction = [color = red] + size. */
    ToySource(String missing, boolean regression) {
        this.missing = missing;
        this.regression = regression;
    }

    static Signature signature(String missing) {
        return new Signature(List.of(
                new Signature.Input("id", "string", Signature.ROLE_ID, null),
                new Signature.Input("color", "string", Signature.ROLE_CATEGORICAL, List.of("red", "blue")),
                new Signature.Input("size", "double", Signature.ROLE_NUMERIC, null)),
                "y", "yes", "no", missing, List.of("prediction", "probability"));
    }

    static Signature regressionSignature(String missing) {
        Signature binary = signature(missing);
        return new Signature(binary.inputs(), "y", null, null, missing, List.of("prediction"),
                Signature.TASK_REGRESSION, List.of(), null);
    }

    @Override
    public String name() {
        return "toy";
    }

    @Override
    public String latestVersion() {
        return version.get();
    }

    @Override
    public ServedModel load(String v) {
        if (failLoads) {
            throw new IllegalStateException("artifact store unreachable");
        }
        ServedModel model = regression
                ? new ServedModel(name(), v, OnnxModel.load(REGRESSION_GRAPH, regressionSignature(missing)))
                : new ServedModel(name(), v, OnnxModel.load(GRAPH, signature(missing)));
        loaded.add(model);
        return model;
    }

    @Override
    public String describe() {
        return "toy@champion";
    }
}
