package io.trainyard.scoring.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.trainyard.scoring.RecommendationScorer;
import io.trainyard.serving.bundle.ModelBundle;
import io.trainyard.serving.bundle.RecommendationPolicy;
import io.trainyard.serving.bundle.Signature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Exports a bundle's Spark pipeline to {@code onnx/model.onnx} (a recommender's as a top-N graph,
 * {@link RecommendationExporter}), checks it against Spark on
 * held-out rows into {@code parity.json}, adds the {@code onnx} flavor to {@code MLmodel}, and
 * re-seals the bundle (its id changes). The work is
 * done on a staged copy swapped in at the end. The model file is written even when parity fails:
 * {@code parity.json} says so, and promotion reads it.
 */
public final class OnnxExport {
    public static final String MODEL_FILE = "onnx/model.onnx";
    public static final String PARITY_FILE = "parity.json";

    private static final Logger LOG = LogManager.getLogger(OnnxExport.class);

    /**
     * @param modelFile the written graph
     * @param parity the Spark-vs-ONNX comparison
     * @param bundleId the bundle's id after re-sealing
     */
    public record Result(Path modelFile, ParityReport parity, String bundleId) {
    }

    private OnnxExport() {
    }

    /** As {@link #run(Path, Dataset, String)}, with held-out rows from Parquet (what {@code train} writes as {@code holdout/}). */
    public static Result run(SparkSession spark, Path bundleDir, Path heldOutParquet, String trainyardVersion) {
        return run(bundleDir, spark.read().parquet(heldOutParquet.toString()), trainyardVersion);
    }

    /**
     * @param bundleDir a sealed bundle folder (verified before anything is written)
     * @param heldOut rows the model was not trained on, with the signature's input columns
     * @param trainyardVersion the running version, for the graph's provenance
     */
    public static Result run(Path bundleDir, Dataset<Row> heldOut, String trainyardVersion) {
        ModelBundle bundle = ModelBundle.open(bundleDir);
        return run(bundle, PipelineModel.load(bundle.sparkModelDir().toString()), heldOut, trainyardVersion);
    }

    /** As above, for a bundle opened and its Spark pipeline loaded by the caller (once per job). */
    public static Result run(ModelBundle bundle, PipelineModel model, Dataset<Row> heldOut, String trainyardVersion) {
        Path bundleDir = bundle.dir();
        OnnxProvenance provenance = new OnnxProvenance(bundle.manifest().modelName(), bundle.manifest().id(),
                trainyardVersion);
        boolean recommender = Signature.TASK_RECOMMENDATION.equals(bundle.signature().task());
        RecommendationScorer.AlsPipeline pipeline = recommender ? RecommendationScorer.AlsPipeline.of(model, bundleDir)
                : null;
        RecommendationPolicy policy = recommender ? RecommendationScorer.policy(bundle) : null;
        ModelProto proto = recommender
                ? RecommendationExporter.export(model, pipeline, bundle.signature(), policy, provenance)
                : new OnnxExporter().export(model, bundle.signature(), provenance);
        byte[] bytes = proto.toByteArray();
        ParityReport parity = recommender ? RecommendationParity.run(bundle, pipeline, policy, bytes, heldOut)
                : ParityCheck.run(model, bytes, bundle.signature(), heldOut);
        Path staging = StagedBundle.copyOf(bundleDir);
        String id;
        try {
            Path modelFile = staging.resolve(MODEL_FILE);
            Files.createDirectories(modelFile.getParent());
            Files.write(modelFile, bytes);
            MlModelOnnxFlavor.add(staging, proto);
            ModelBundle.writeJson(staging.resolve(PARITY_FILE), parity);
            id = ModelBundle.seal(staging, bundle.manifest()).id();
        } catch (IOException e) {
            StagedBundle.delete(staging);
            throw new UncheckedIOException("cannot write the ONNX model into " + staging, e);
        } catch (RuntimeException e) {
            StagedBundle.delete(staging);
            throw e;
        }
        StagedBundle.swap(staging, bundleDir);
        LOG.info("ONNX export of {}: {} bytes, parity {}, bundle id {} -> {}", bundle.manifest().modelName(),
                bytes.length, parity.passed() ? "passed" : "FAILED", bundle.manifest().id(), id);
        return new Result(bundleDir.resolve(MODEL_FILE), parity, id);
    }
}
