package io.trainyard.serving.features;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainyard.common.ErrorCategory;
import io.trainyard.common.TrainyardException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The online store on Redis, Spark-free (the serving adapter and the Spark executors both use it).
 *
 * <p>Layout: one string key per entity, {@code trainyard:fs:<set>:<key values joined by |>}, holding
 * the whole vector as one JSON value ({@link FeatureVector}), so a write is one SET and a reader
 * never sees half a vector; the set's description at {@code trainyard:fs-info:<set>}. A vector
 * answers "expired" once its TTL has passed; Redis drops the key one TTL later still, so a lookup
 * can tell an expired entity from one it never had.
 */
public final class OnlineStore implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TIMEOUT_MILLIS = 5_000;

    private final RedisAddress address;
    private final JedisPool pool;

    private OnlineStore(RedisAddress address, int connections) {
        this.address = address;
        JedisPoolConfig config = new JedisPoolConfig();
        config.setMaxTotal(connections);
        config.setMaxIdle(connections);
        config.setJmxEnabled(false);
        this.pool = new JedisPool(config, new HostAndPort(address.host(), address.port()),
                DefaultJedisClientConfig.builder().connectionTimeoutMillis(TIMEOUT_MILLIS)
                        .socketTimeoutMillis(TIMEOUT_MILLIS).build());
    }

    /** Connects and checks the server answers; exit code 4 when it does not. */
    public static OnlineStore connect(RedisAddress address, int connections) {
        OnlineStore store = new OnlineStore(address, connections);
        try (Jedis jedis = store.pool.getResource()) {
            jedis.ping();
        } catch (JedisException e) {
            store.close();
            throw store.unreachable(e);
        }
        return store;
    }

    public RedisAddress address() {
        return address;
    }

    /** The key of an entity's vector. Entity values are escaped so that {@code a|b + c} never meets {@code a + b|c}. */
    public static String key(String featureSet, List<String> entity) {
        StringBuilder key = new StringBuilder("trainyard:fs:").append(featureSet).append(':');
        for (int i = 0; i < entity.size(); i++) {
            key.append(i == 0 ? "" : "|").append(entity.get(i).replace("\\", "\\\\").replace("|", "\\|"));
        }
        return key.toString();
    }

    /** An entity for messages: {@code customer_id=C0042} (several key columns joined by ", "). */
    public static String describe(List<String> columns, List<String> key) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            parts.add(columns.get(i) + "=" + key.get(i));
        }
        return String.join(", ", parts);
    }

    static String infoKey(String featureSet) {
        return "trainyard:fs-info:" + featureSet;
    }

    /** The feature set's description, or null when it was never materialized here. */
    public FeatureSetInfo info(String featureSet) {
        String value = call(jedis -> jedis.get(infoKey(featureSet)));
        try {
            return value == null ? null : JSON.readValue(value, FeatureSetInfo.class);
        } catch (JsonProcessingException e) {
            throw TrainyardException.data("Redis key " + infoKey(featureSet) + " on " + address + " is not a feature set"
                    + " description (" + e.getOriginalMessage() + "); materialize the feature set again");
        }
    }

    public void writeInfo(FeatureSetInfo info) {
        String value = json(info);
        call(jedis -> jedis.set(infoKey(info.name()), value));
    }

    /** The vectors of {@code entities} in one round trip (one MGET); null where the store has none. */
    public List<FeatureVector> get(String featureSet, List<List<String>> entities) {
        String[] keys = entities.stream().map(e -> key(featureSet, e)).toArray(String[]::new);
        List<String> values = call(jedis -> jedis.mget(keys));
        List<FeatureVector> vectors = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            vectors.add(values.get(i) == null ? null : parse(keys[i], values.get(i)));
        }
        return vectors;
    }

    /**
     * Counts of one batch write.
     *
     * @param written vectors stored
     * @param expired vectors past their TTL and grace: the key deleted instead (unless it held a newer vector)
     * @param stale vectors older than the one the key already held: left alone, the newer one kept
     */
    public record Written(long written, long expired, long stale) {
    }

    /**
     * Stores one vector unless the key holds a newer one (by feature timestamp), in one atomic step on
     * the server. KEYS[1] the entity key; ARGV[1] the vector's JSON, ARGV[2] its feature timestamp,
     * ARGV[3] when Redis drops the key (epoch ms), or 0 to delete it (the vector has expired).
     * Returns 1 written, 2 deleted, 0 stale. Why a script: a reader must never see an older
     * materialization overwrite a newer one (e.g. a backfill run after the nightly one), and a
     * check-then-set from the client would race with other writers.
     */
    private static final String NEWER_WINS = """
            local current = redis.call('GET', KEYS[1])
            if current then
              local ok, stored = pcall(cjson.decode, current)
              if ok and type(stored) == 'table' and tonumber(stored['timestamp'])
                  and tonumber(stored['timestamp']) > tonumber(ARGV[2]) then
                return 0
              end
            end
            if ARGV[3] == '0' then
              redis.call('DEL', KEYS[1])
              return 2
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[3])
            return 1
            """;

    /**
     * Writes a batch in one pipelined round trip (plus loading the script): each vector with one SET
     * that also sets its expiry, so re-running a materialization writes the same values again
     * (idempotent); a vector already past its TTL and grace deletes the key instead; a vector older
     * than the one the key holds changes nothing ({@link #NEWER_WINS}).
     */
    public Written write(List<List<String>> entities, List<FeatureVector> vectors, long nowMillis) {
        return call(jedis -> {
            String script = jedis.scriptLoad(NEWER_WINS);
            Pipeline pipeline = jedis.pipelined();
            List<Response<Object>> outcomes = new ArrayList<>(vectors.size());
            for (int i = 0; i < vectors.size(); i++) {
                FeatureVector vector = vectors.get(i);
                String key = key(vector.featureSet(), entities.get(i));
                long dropAt = vector.validUntil() + (vector.validUntil() - vector.timestamp());
                outcomes.add(pipeline.evalsha(script, List.of(key), List.of(json(vector),
                        Long.toString(vector.timestamp()), dropAt <= nowMillis ? "0" : Long.toString(dropAt))));
            }
            pipeline.sync();
            long[] counts = new long[3];
            outcomes.forEach(outcome -> counts[((Number) outcome.get()).intValue()]++);
            return new Written(counts[1], counts[2], counts[0]);
        });
    }

    static String json(FeatureVector vector) {
        ObjectNode root = JSON.createObjectNode();
        root.put("feature_set", vector.featureSet());
        root.put("version", vector.version());
        root.put("timestamp", vector.timestamp());
        root.put("valid_until", vector.validUntil());
        root.set("features", JSON.valueToTree(vector.values()));
        return root.toString();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private FeatureVector parse(String key, String value) {
        try {
            JsonNode root = JSON.readTree(value);
            Map<String, Object> values = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.get("features").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode node = field.getValue();
                values.put(field.getKey(), node.isNull() ? null : node.isNumber() ? (Object) node.doubleValue()
                        : node.asText());
            }
            return new FeatureVector(root.get("feature_set").asText(), root.get("version").asInt(),
                    root.get("timestamp").asLong(), root.get("valid_until").asLong(), values);
        } catch (JsonProcessingException | RuntimeException e) {
            throw TrainyardException.data("Redis key " + key + " on " + address + " does not hold a feature vector ("
                    + e.getMessage() + "); materialize the feature set again");
        }
    }

    private interface Call<T> {
        T on(Jedis jedis);
    }

    private <T> T call(Call<T> call) {
        try (Jedis jedis = pool.getResource()) {
            return call.on(jedis);
        } catch (JedisConnectionException e) {
            throw unreachable(e);
        }
    }

    private TrainyardException unreachable(JedisException e) {
        return new TrainyardException(ErrorCategory.FEATURE_STORE_UNREACHABLE, "Redis at " + address
                + " is unreachable (" + e.getMessage() + "); start it (e.g. redis-server --port " + address.port()
                + ") or pass the right --redis host:port", e);
    }

    @Override
    public void close() {
        pool.close();
    }
}
