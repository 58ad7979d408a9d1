package io.trainyard.scoring.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.trainyard.serving.bundle.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Adds MLflow's {@code onnx} flavor to a bundle's {@code MLmodel} beside its {@code spark} flavor,
 * so MLflow tooling sees both: {@code data} (the graph, relative to the bundle), {@code providers}
 * (ONNX Runtime execution providers, CPU), and, for readers that check before loading, the IR
 * version, the opsets the graph imports and the ONNX Runtime version it was proven on. A graph
 * importing {@code com.microsoft} (text stages) runs on ONNX Runtime only.
 */
final class MlModelOnnxFlavor {
    static final String ONNXRUNTIME_VERSION = "1.23.2";

    private MlModelOnnxFlavor() {
    }

    /** Rewrites {@code bundleDir/MLmodel} with the flavor; a bundle without MLmodel is left as it is. */
    static void add(Path bundleDir, ModelProto model) throws IOException {
        Path file = bundleDir.resolve(ModelBundle.MLMODEL_FILE);
        if (!Files.isRegularFile(file)) {
            return;
        }
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode root = (ObjectNode) yaml.readTree(file.toFile());
        ObjectNode flavors = root.has("flavors") ? (ObjectNode) root.get("flavors") : root.putObject("flavors");
        ObjectNode onnx = flavors.putObject("onnx");
        onnx.put("data", OnnxExport.MODEL_FILE);
        onnx.putArray("providers").add("CPUExecutionProvider");
        onnx.put("ir_version", model.getIrVersion());
        ObjectNode opsets = onnx.putObject("opset");
        for (OperatorSetIdProto opset : model.getOpsetImportList()) {
            opsets.put(opset.getDomain().isEmpty() ? "ai.onnx" : opset.getDomain(), opset.getVersion());
        }
        onnx.put("onnxruntime_version", ONNXRUNTIME_VERSION);
        onnx.putNull("code");
        Files.writeString(file, yaml.writeValueAsString(root));
    }
}
