// Online lookup latency of the feature store as the serving adapter does it (one MGET round trip
// per request, values parsed from JSON), for random entities of a materialized feature set:
// batches of 1 and of 100. Run by scripts/bench/features.sh:
//   java -cp jobs/target/trainyard-<version>.jar scripts/bench/FeatureLookup.java HOST:PORT SET ENTITIES
import io.trainyard.serving.features.FeatureVector;
import io.trainyard.serving.features.OnlineStore;
import io.trainyard.serving.features.RedisAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

public class FeatureLookup {
    public static void main(String[] args) {
        int entities = Integer.parseInt(args[2]);
        try (OnlineStore store = OnlineStore.connect(RedisAddress.parse(args[0]), 1)) {
            measure(store, args[1], entities, 1, 20_000);
            measure(store, args[1], entities, 100, 2_000);
        }
    }

    /** Times {@code calls} lookups of {@code batch} random entities each, after as many warm-up calls. */
    static void measure(OnlineStore store, String set, int entities, int batch, int calls) {
        Random random = new Random(42);
        long[] nanos = new long[calls];
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < calls; i++) {
                List<List<String>> keys = new ArrayList<>(batch);
                for (int k = 0; k < batch; k++) {
                    keys.add(List.of(Integer.toString(1 + random.nextInt(entities))));
                }
                long started = System.nanoTime();
                List<FeatureVector> vectors = store.get(set, keys);
                nanos[i] = System.nanoTime() - started;
                if (vectors.contains(null)) {
                    throw new IllegalStateException("an entity has no vector: materialize the set first");
                }
            }
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "  batch %3d   p50 %7.1f µs   p99 %7.1f µs   (%,d lookups, %,.0f entities/s on one"
                + " connection)%n", batch, nanos[calls / 2] / 1e3, nanos[(int) (calls * 0.99)] / 1e3, calls,
                batch * calls / (Arrays.stream(nanos).sum() / 1e9));
    }
}
