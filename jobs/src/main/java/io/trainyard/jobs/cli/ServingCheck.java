package io.trainyard.jobs.cli;

import static org.apache.spark.sql.functions.col;

import io.trainyard.scoring.onnx.OnnxExport;
import io.trainyard.serving.bundle.ModelBundle;
import io.trainyard.serving.bundle.Signature;
import io.trainyard.serving.onnx.OnnxModel;
import io.trainyard.serving.onnx.OnnxPrediction;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The demo's serving check: a few held-out rows sent as JSON-like instances through the bundle's
 * ONNX graph in ONNX Runtime (the Spark-free serving path), compared with the probabilities Spark
 * wrote for the same ids in the scored output.
 *
 * @param instances rows checked
 * @param maxAbsDiff largest |ONNX - Spark| probability difference
 */
record ServingCheck(int instances, double maxAbsDiff) {

    /** Empty when the bundle has no ONNX graph. */
    static java.util.Optional<ServingCheck> run(SparkSession spark, ModelBundle bundle, String holdout, String scores,
                                                int rows) {
        if (!Files.isRegularFile(bundle.dir().resolve(OnnxExport.MODEL_FILE))) {
            return java.util.Optional.empty();
        }
        Signature signature = bundle.signature();
        String id = signature.columns(Signature.ROLE_ID).get(0);
        Dataset<Row> joined = spark.read().parquet(holdout).join(
                spark.read().parquet(scores).select(col(id), col("probability").as("_spark_probability")), id);
        List<Row> sample = joined.orderBy(id).limit(rows).collectAsList();
        List<Map<String, Object>> instances = new ArrayList<>();
        for (Row row : sample) {
            Map<String, Object> instance = new LinkedHashMap<>();
            for (Signature.Input input : signature.inputs()) {
                if (!Signature.ROLE_ID.equals(input.role())) {
                    instance.put(input.name(), row.getAs(input.name()));
                }
            }
            instances.add(instance);
        }
        try (OnnxModel model = OnnxModel.load(bundle.dir().resolve(OnnxExport.MODEL_FILE), signature)) {
            OnnxPrediction prediction = model.predict(instances);
            double max = 0;
            for (int i = 0; i < sample.size(); i++) {
                double sparkProbability = sample.get(i).<Double>getAs("_spark_probability");
                max = Math.max(max, Math.abs(prediction.probabilities()[i][1] - sparkProbability));
            }
            return java.util.Optional.of(new ServingCheck(sample.size(), max));
        }
    }
}
