package io.trainyard.scoring.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.serving.bundle.BundleManifest;
import io.trainyard.serving.bundle.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxExportTest {
    @Test
    void exportWritesTheGraphParityAndTheOnnxFlavorIntoTheBundleAndReseals(@TempDir Path dir) throws Exception {
        ChurnParityTest.load();
        PipelineModel model = ChurnParityTest.fit(TestModels.logisticRegression("binomial", 5));
        Path bundle = dir.resolve("model");
        model.write().save(bundle.resolve(ModelBundle.SPARK_MODEL_DIR).toString());
        ModelBundle.writeJson(bundle.resolve(ModelBundle.SIGNATURE_FILE),
                TestModels.signature(ChurnParityTest.dataSchema()));
        Files.writeString(bundle.resolve(ModelBundle.MLMODEL_FILE),
                "artifact_path: model\nflavors:\n  spark:\n    model_data: sparkml\n");
        String before = ModelBundle.seal(bundle, new BundleManifest(1, null, "churn", "binary-classification",
                "logistic-regression", "2026-01-01T00:00:00Z", "test", "3.5.9", null, "hash", Map.of())).id();

        OnnxExport.Result result = OnnxExport.run(bundle, ChurnParityTest.heldOut(), "0.1.0-test");

        assertThat(result.parity().passed()).isTrue();
        assertThat(result.modelFile()).isEqualTo(bundle.resolve("onnx/model.onnx")).isNotEmptyFile();
        ModelBundle reopened = ModelBundle.open(bundle);
        assertThat(reopened.manifest().id()).isEqualTo(result.bundleId()).isNotEqualTo(before);
        assertThat(reopened.manifest().files()).containsKeys("onnx/model.onnx", "parity.json");
        JsonNode parity = new ObjectMapper().readTree(bundle.resolve("parity.json").toFile());
        assertThat(parity.path("rows").asLong()).isEqualTo(result.parity().rows());
        assertThat(parity.path("mismatched_predictions").asLong()).isZero();
        assertThat(parity.at("/max_abs_diff/probabilities").asDouble()).isLessThanOrEqualTo(1e-6);
        assertThat(parity.path("passed").asBoolean()).isTrue();
        JsonNode mlmodel = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                .readTree(bundle.resolve(ModelBundle.MLMODEL_FILE).toFile());
        assertThat(mlmodel.at("/flavors/spark/model_data").asText()).isEqualTo("sparkml");
        assertThat(mlmodel.at("/flavors/onnx/data").asText()).isEqualTo("onnx/model.onnx");
        assertThat(mlmodel.at("/flavors/onnx/providers/0").asText()).isEqualTo("CPUExecutionProvider");
        assertThat(mlmodel.at("/flavors/onnx/opset/ai.onnx").asInt()).isEqualTo(OnnxExporter.OPSET);
        assertThat(mlmodel.at("/flavors/onnx/opset/ai.onnx.ml").asInt()).isEqualTo(OnnxExporter.ML_OPSET);
        assertThat(reopened.manifest().files()).containsKey(ModelBundle.MLMODEL_FILE);
        try (var files = Files.list(dir)) {
            assertThat(files).as("no staging or old copies left beside the bundle").containsExactly(bundle);
        }
    }
}
