package io.trainyard.serving.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.trainyard.common.ErrorCategory;
import io.trainyard.common.TrainyardException;
import io.trainyard.serving.bundle.Signature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.DoubleBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A trainyard ONNX model in ONNX Runtime, Spark-free: instances in, class index and class
 * probabilities out (a regression graph: the predicted value). Inputs are checked against the signature first; a wrong batch fails with
 * an {@link InvalidInstancesException} listing every wrong field. Thread-safe (one ORT session).
 */
public final class OnnxModel implements AutoCloseable {
    public static final String LABEL = "label";
    public static final String PROBABILITIES = "probabilities";
    /** The output of a regression graph: double [N]. */
    public static final String PREDICTION = "prediction";
    /** The outputs of a recommendation graph: string [N, K], double [N, K] and string [N]. */
    public static final String ITEMS = "items";
    public static final String SCORES = "scores";
    public static final String SOURCE = "source";

    private static final Logger LOG = LogManager.getLogger(OnnxModel.class);

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final Signature signature;

    private OnnxModel(OrtEnvironment environment, OrtSession session, Signature signature) {
        this.environment = environment;
        this.session = session;
        this.signature = signature;
    }

    public static OnnxModel load(Path file, Signature signature) {
        try {
            return load(Files.readAllBytes(file), signature);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ONNX model " + file, e);
        }
    }

    /** Loads a model with one intra-op thread (callers parallelize across requests or partitions). */
    public static OnnxModel load(byte[] model, Signature signature) {
        long started = System.nanoTime();
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            OrtSession session = environment.createSession(model, options);
            checkInputs(session.getInputNames(), signature);
            LOG.info("ONNX model loaded: {} bytes, {} inputs, in {} ms", model.length, session.getNumInputs(),
                    (System.nanoTime() - started) / 1_000_000);
            return new OnnxModel(environment, session, signature);
        } catch (OrtException e) {
            throw new TrainyardException(ErrorCategory.DATA, "ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    public Signature signature() {
        return signature;
    }

    /** Scores a batch of instances, each a map from input name to value (string, number or null). */
    public OnnxPrediction predict(List<Map<String, Object>> instances) {
        InstanceBatch batch = InstanceBatch.of(signature, instances);
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try {
            for (int c = 0; c < batch.inputs.size(); c++) {
                feeds.put(batch.inputs.get(c).name(), tensor(batch.columns[c], instances.size()));
            }
            try (OrtSession.Result result = session.run(feeds)) {
                if (result.get(ITEMS).isPresent()) {
                    return OnnxPrediction.recommendation(OnnxPrediction.Recommendations.of(
                            (String[][]) result.get(ITEMS).get().getValue(),
                            (double[][]) result.get(SCORES).orElseThrow().getValue(),
                            (String[]) result.get(SOURCE).orElseThrow().getValue()));
                }
                if (result.get(PREDICTION).isPresent()) {
                    return OnnxPrediction.regression((double[]) result.get(PREDICTION).get().getValue());
                }
                long[] labels = (long[]) result.get(LABEL).orElseThrow().getValue();
                double[][] probabilities = (double[][]) result.get(PROBABILITIES).orElseThrow().getValue();
                return new OnnxPrediction(labels, probabilities);
            }
        } catch (OrtException e) {
            throw TrainyardException.internal("ONNX Runtime failed to score " + instances.size() + " instance(s): "
                    + e.getMessage(), e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor tensor(Object column, int rows) throws OrtException {
        long[] shape = {rows, 1};
        if (column instanceof String[] strings) {
            return OnnxTensor.createTensor(environment, strings, shape);
        }
        return OnnxTensor.createTensor(environment, DoubleBuffer.wrap((double[]) column), shape);
    }

    private static void checkInputs(Set<String> graphInputs, Signature signature) {
        List<String> expected = signature.graphInputs().stream().map(Signature.Input::name).toList();
        if (!graphInputs.equals(Set.copyOf(expected))) {
            throw new TrainyardException(ErrorCategory.DATA, "The ONNX model's inputs " + graphInputs
                    + " do not match the signature's feature columns " + expected
                    + "; export the model again from this bundle");
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("closing the ONNX Runtime session failed: {}", e.getMessage());
        }
    }
}
