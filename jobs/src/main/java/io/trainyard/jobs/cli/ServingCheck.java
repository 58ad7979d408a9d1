package io.trainyard.jobs.cli;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.common.TrainyardException;
import io.trainyard.scoring.onnx.OnnxExport;
import io.trainyard.serving.bundle.ModelBundle;
import io.trainyard.serving.bundle.Signature;
import io.trainyard.serving.http.BundleFolderSource;
import io.trainyard.serving.http.ModelServer;
import io.trainyard.serving.http.ServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The demo's serving check: a few held-out rows sent as JSON instances to the HTTP serving adapter
 * (the bundle's ONNX graph in ONNX Runtime, on an ephemeral loopback port), compared with the
 * probabilities Spark wrote for the same ids in the scored output.
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
        List<Double> served = viaHttp(bundle, instances);
        double max = 0;
        for (int i = 0; i < sample.size(); i++) {
            double sparkProbability = sample.get(i).<Double>getAs("_spark_probability");
            max = Math.max(max, Math.abs(served.get(i) - sparkProbability));
        }
        return java.util.Optional.of(new ServingCheck(sample.size(), max));
    }

    /** The probabilities the serving adapter answers, from a server on an ephemeral loopback port. */
    private static List<Double> viaHttp(ModelBundle bundle, List<Map<String, Object>> instances) {
        ObjectMapper json = new ObjectMapper();
        try (ModelServer server = ModelServer.start(ServerOptions.defaults(0), new BundleFolderSource(bundle.dir()))) {
            server.loadModel();
            HttpRequest request = HttpRequest.newBuilder(server.uri().resolve("/v1/models/"
                            + bundle.manifest().modelName() + "/predict"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(Map.of("instances", instances))))
                    .build();
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw TrainyardException.internal("The serving adapter answered " + response.statusCode() + ": "
                        + response.body(), null);
            }
            List<Double> probabilities = new ArrayList<>();
            json.readTree(response.body()).get("predictions").forEach(p -> probabilities.add(p.get("probability")
                    .asDouble()));
            return probabilities;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TrainyardException.internal("Interrupted during the serving check", e);
        }
    }
}
