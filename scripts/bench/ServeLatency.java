// In-process latency of a bundle's ONNX graph through the serving path (input checks + ONNX Runtime),
// single instance and batches, on real rows of a CSV; with a third argument, it also writes request
// bodies for the HTTP benchmark there (single.json, batch100.json). Run by scripts/bench/serve.sh:
//   java -cp jobs/target/trainyard-<version>.jar scripts/bench/ServeLatency.java BUNDLE CSV [BODY_DIR]
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.serving.bundle.ModelBundle;
import io.trainyard.serving.bundle.Signature;
import io.trainyard.serving.onnx.OnnxModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

public class ServeLatency {
    public static void main(String[] args) throws Exception {
        ModelBundle bundle = ModelBundle.open(Path.of(args[0]));
        List<Map<String, Object>> rows = rows(Path.of(args[1]), bundle.signature());
        if (args.length > 2) {
            ObjectMapper json = new ObjectMapper();
            json.writeValue(Path.of(args[2], "single.json").toFile(), Map.of("instances", rows.subList(0, 1)));
            json.writeValue(Path.of(args[2], "batch100.json").toFile(), Map.of("instances", rows.subList(0, 100)));
        }
        try (OnnxModel model = OnnxModel.load(bundle.dir().resolve("onnx/model.onnx"), bundle.signature())) {
            measure(model, rows, 1, 20_000);
            measure(model, rows, 100, 2_000);
        }
    }

    /** Times {@code calls} predictions of {@code batch} instances each, after as many warm-up calls. */
    static void measure(OnnxModel model, List<Map<String, Object>> rows, int batch, int calls) {
        long[] nanos = new long[calls];
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < calls; i++) {
                int from = (i * batch) % (rows.size() - batch);
                List<Map<String, Object>> instances = rows.subList(from, from + batch);
                long started = System.nanoTime();
                model.predict(instances);
                nanos[i] = System.nanoTime() - started;
            }
        }
        Arrays.sort(nanos);
        double total = Arrays.stream(nanos).sum() / 1e9;
        System.out.printf(Locale.ROOT, "in-process  batch %3d  %6d calls  p50 %8.3f ms  p99 %8.3f ms  p99.9 %8.3f ms"
                        + "  %9.0f rows/s (1 thread)%n", batch, calls, nanos[calls / 2] / 1e6,
                nanos[(int) (calls * 0.99)] / 1e6, nanos[(int) (calls * 0.999)] / 1e6, calls * batch / total);
    }

    /** The CSV's rows as instances: quoted values are strings, the rest numbers; only the signature's inputs. */
    static List<Map<String, Object>> rows(Path csv, Signature signature) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        String[] header = unquote(lines.get(0).split(","));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            Map<String, Object> row = new LinkedHashMap<>();
            for (int c = 0; c < header.length; c++) {
                row.put(header[c], cells[c].startsWith("\"") ? cells[c].substring(1, cells[c].length() - 1)
                        : cells[c].isEmpty() ? null : Double.valueOf(cells[c]));
            }
            Map<String, Object> instance = new LinkedHashMap<>();
            for (Signature.Input input : signature.inputs()) {
                instance.put(input.name(), row.get(input.name()));
            }
            rows.add(instance);
        }
        return rows;
    }

    static String[] unquote(String[] cells) {
        return Arrays.stream(cells).map(c -> c.replace("\"", "")).toArray(String[]::new);
    }
}
