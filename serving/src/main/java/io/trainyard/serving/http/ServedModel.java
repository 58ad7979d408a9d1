package io.trainyard.serving.http;

import io.trainyard.common.TrainyardException;
import io.trainyard.serving.bundle.ModelBundle;
import io.trainyard.serving.bundle.Signature;
import io.trainyard.serving.onnx.InvalidInstancesException.FieldError;
import io.trainyard.serving.onnx.OnnxModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded model version: its ONNX Runtime session, its name and version, and a reference count
 * so a version swapped out is closed only after the last request still using it has finished.
 * The slot holds one reference; each request holds one while it scores.
 */
public final class ServedModel {
    /** Where export puts the graph inside a bundle. */
    public static final String ONNX_FILE = "onnx/model.onnx";

    private final String name;
    private final String version;
    private final OnnxModel model;
    private final List<String> classes;
    private final Map<String, Set<String>> categories = new LinkedHashMap<>();
    private final AtomicInteger references = new AtomicInteger(1);

    public ServedModel(String name, String version, OnnxModel model) {
        this.name = name;
        this.version = version;
        this.model = model;
        Signature signature = model.signature();
        boolean classifier = Signature.TASK_BINARY.equals(signature.task())
                || Signature.TASK_MULTICLASS.equals(signature.task());
        this.classes = !classifier ? List.of() : !signature.classes().isEmpty() ? signature.classes()
                : List.of(signature.negativeClass(), signature.positiveClass());
        for (Signature.Input input : signature.inputs()) {
            if (Signature.ROLE_CATEGORICAL.equals(input.role()) && !input.categories().isEmpty()) {
                categories.put(input.name(), new LinkedHashSet<>(input.categories()));
            }
        }
    }

    /** Opens a verified bundle's ONNX graph; a bundle without one names the command that adds it. */
    public static ServedModel load(ModelBundle bundle, String name, String version) {
        Path file = bundle.dir().resolve(ONNX_FILE);
        if (!Files.isRegularFile(file)) {
            throw TrainyardException.data("Model " + name + " version " + version + " has no ONNX graph (" + ONNX_FILE
                    + " in " + bundle.dir() + "); run 'trainyard export --model " + name + "/" + version
                    + " --format onnx' first");
        }
        return new ServedModel(name, version, OnnxModel.load(file, bundle.signature()));
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    public OnnxModel model() {
        return model;
    }

    /** The label values by class index; empty for a regression or recommendation model. */
    public List<String> classes() {
        return classes;
    }

    /** Values of categorical inputs that training never saw, one error each (for a strict deployment). */
    List<FieldError> unknownCategories(List<Map<String, Object>> instances) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            Map<String, Object> instance = instances.get(i);
            for (Map.Entry<String, Set<String>> input : categories.entrySet()) {
                if (instance != null && instance.get(input.getKey()) instanceof String value
                        && !input.getValue().contains(value)) {
                    errors.add(new FieldError(i, input.getKey(), "unknown category \"" + value + "\"; known: "
                            + String.join(", ", input.getValue())));
                }
            }
        }
        return errors;
    }

    /** Takes a reference for one request; false when the model was already closed (retry with the new one). */
    boolean retain() {
        while (true) {
            int count = references.get();
            if (count == 0) {
                return false;
            }
            if (references.compareAndSet(count, count + 1)) {
                return true;
            }
        }
    }

    /** Gives a reference back; the last one closes the ONNX Runtime session. */
    void release() {
        if (references.decrementAndGet() == 0) {
            model.close();
        }
    }

    /** True once the session is closed. */
    boolean closed() {
        return references.get() == 0;
    }
}
