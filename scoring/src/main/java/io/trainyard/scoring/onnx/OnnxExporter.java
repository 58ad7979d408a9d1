package io.trainyard.scoring.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.trainyard.common.TrainyardException;
import io.trainyard.serving.bundle.Signature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;

/**
 * Converts a fitted classification or regression {@link PipelineModel} into one ONNX graph.
 *
 * <p>Opsets: ONNX opset {@value #OPSET} and {@code ai.onnx.ml} opset {@value #ML_OPSET}, IR
 * version {@value #IR_VERSION} (ONNX 1.12: what Debian's {@code python3-onnx} checker accepts;
 * ONNX Runtime 1.23 runs it). Inputs: the signature's categorical columns as {@code tensor(string)}
 * [N, 1] and numeric columns as {@code tensor(double)} [N, 1], by their column names; id columns are
 * not inputs. Outputs of a classifier: {@code label} int64 [N] (the class index, as Spark's
 * {@code prediction}) and {@code probabilities} double [N, classes]; of a regressor:
 * {@code prediction} double [N].
 */
public final class OnnxExporter {
    public static final int OPSET = 17;
    public static final int ML_OPSET = 3;
    public static final int IR_VERSION = 8;
    /** ONNX Runtime's contrib domain {@code com.microsoft}, imported only by graphs that tokenize text. */
    public static final int MS_OPSET = 1;
    public static final String LABEL = "label";
    public static final String PROBABILITIES = "probabilities";
    public static final String PREDICTION = "prediction";

    private static final Logger LOG = LogManager.getLogger(OnnxExporter.class);

    private final ConverterRegistry registry;

    public OnnxExporter() {
        this(ConverterRegistry.standard());
    }

    public OnnxExporter(ConverterRegistry registry) {
        this.registry = registry;
    }

    /** Every stage of {@code model}, nested pipelines flattened, in transform order. */
    public static List<Transformer> stages(PipelineModel model) {
        List<Transformer> stages = new ArrayList<>();
        for (Transformer stage : model.stages()) {
            if (stage instanceof PipelineModel nested) {
                stages.addAll(stages(nested));
            } else {
                stages.add(stage);
            }
        }
        return stages;
    }

    public ModelProto export(PipelineModel model, Signature signature, OnnxProvenance provenance) {
        long started = System.nanoTime();
        List<Transformer> stages = stages(model);
        registry.requireSupported(stages);
        OnnxGraph graph = new OnnxGraph(provenance.modelName());
        ConversionContext context = new ConversionContext(graph);
        declareInputs(graph, context, signature);
        for (Transformer stage : stages) {
            registry.convert(stage, context);
        }
        ConversionContext.Prediction prediction = context.prediction();
        if (prediction == null) {
            throw TrainyardException.usage("ONNX export: the pipeline has no classifier or regressor stage; export"
                    + " needs one as its last model stage (found " + names(stages) + ")");
        }
        if (prediction.regression()) {
            graph.node("", "Identity", List.of(prediction.value()), PREDICTION);
            graph.output(PREDICTION, DataType.DOUBLE, 0);
        } else {
            graph.node("", "Identity", List.of(prediction.label()), LABEL);
            graph.node("", "Identity", List.of(prediction.probabilities()), PROBABILITIES);
            graph.output(LABEL, DataType.INT64, 0);
            graph.output(PROBABILITIES, DataType.DOUBLE, prediction.classes());
        }
        ModelProto proto = model(graph, provenance, stages, signature);
        LOG.info("ONNX export: {} stages, {} nodes in {} ms", stages.size(), proto.getGraph().getNodeCount(),
                (System.nanoTime() - started) / 1_000_000);
        return proto;
    }

    /** The model around a built graph: IR version, opsets of the domains it uses, provenance metadata. */
    static ModelProto model(OnnxGraph graph, OnnxProvenance provenance, List<Transformer> stages, Signature signature) {
        ModelProto.Builder builder = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("trainyard")
                .setProducerVersion(provenance.trainyardVersion())
                .setModelVersion(1)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(OnnxGraph.ML_DOMAIN).setVersion(ML_OPSET));
        if (graph.domains().contains(OnnxGraph.MS_DOMAIN)) {
            builder.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(OnnxGraph.MS_DOMAIN).setVersion(MS_OPSET));
        }
        return builder
                .setGraph(graph.build())
                .addAllMetadataProps(metadata(provenance, stages, signature))
                .build();
    }

    private static void declareInputs(OnnxGraph graph, ConversionContext context, Signature signature) {
        for (Signature.Input input : signature.inputs()) {
            if (Signature.ROLE_ID.equals(input.role())) {
                continue;
            }
            DataType type = "string".equals(input.type()) ? DataType.STRING : DataType.DOUBLE;
            graph.input(input.name(), type, 1);
            context.put(input.name(), new OnnxColumn(input.name(), type, 1));
        }
    }

    private static List<StringStringEntryProto> metadata(OnnxProvenance provenance, List<Transformer> stages,
                                                         Signature signature) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("trainyard.model_name", provenance.modelName());
        props.put("trainyard.bundle_id", String.valueOf(provenance.bundleId()));
        props.put("trainyard.version", provenance.trainyardVersion());
        props.put("trainyard.stages", names(stages));
        props.put("trainyard.label", signature.label());
        props.put("trainyard.positive_class", String.valueOf(signature.positiveClass()));
        List<StringStringEntryProto> entries = new ArrayList<>();
        props.forEach((k, v) -> entries.add(StringStringEntryProto.newBuilder().setKey(k).setValue(v).build()));
        return entries;
    }

    private static String names(List<Transformer> stages) {
        return stages.stream().map(s -> s.getClass().getSimpleName() + ":" + s.uid()).collect(Collectors.joining(","));
    }
}
