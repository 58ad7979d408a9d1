package io.trainyard.serving.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.common.TrainyardException;
import io.trainyard.serving.testing.RedisServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The Redis layout against a real redis-server: round trip, expiry, idempotence, and an unreachable server. */
class OnlineStoreTest {
    private static final long HOUR = 3_600_000;
    private static RedisServer redis;
    private static OnlineStore store;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        store = OnlineStore.connect(RedisAddress.parse(redis.address()), 2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (store != null) {
            store.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static FeatureVector vector(long timestamp, long ttl, Object... values) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < values.length; i += 2) {
            map.put((String) values[i], values[i + 1]);
        }
        return new FeatureVector("shop", 3, timestamp, timestamp + ttl, map);
    }

    @Test
    void vectorsComeBackWholeWithTheirStampsInOneCall() {
        long now = System.currentTimeMillis();
        FeatureVector a = vector(now - HOUR, 24 * HOUR, "spend", 12.5, "tier", "gold", "visits", null);
        FeatureVector b = vector(now - HOUR, 24 * HOUR, "spend", 0.1 + 0.2, "tier", "a|b", "visits", 7.0);
        store.write(List.of(List.of("c1"), List.of("c2", "x|y")), List.of(a, b), now);

        List<FeatureVector> read = store.get("shop", List.of(List.of("c1"), List.of("nobody"), List.of("c2", "x|y")));

        assertThat(read.get(0)).isEqualTo(a);
        assertThat(read.get(1)).isNull();
        assertThat(read.get(2)).isEqualTo(b);
        assertThat(read.get(2).values().get("spend")).isEqualTo(0.1 + 0.2);
        assertThat(read.get(0).version()).isEqualTo(3);
    }

    @Test
    void keysCarryTheExpiryOneTtlAfterValidityAndRewritesAreIdempotent() {
        long now = System.currentTimeMillis();
        FeatureVector a = vector(now, 2 * HOUR, "spend", 1.0);
        OnlineStore.Written first = store.write(List.of(List.of("ttl")), List.of(a), now);
        OnlineStore.Written again = store.write(List.of(List.of("ttl")), List.of(a), now);

        assertThat(first).isEqualTo(new OnlineStore.Written(1, 0, 0));
        assertThat(again).isEqualTo(first);
        try (Jedis jedis = redis.client()) {
            long pttl = jedis.pttl(OnlineStore.key("shop", List.of("ttl")));
            assertThat(pttl).isBetween(4 * HOUR - 60_000, 4 * HOUR);
            assertThat(jedis.keys("trainyard:fs:shop:ttl*")).hasSize(1);
        }
    }

    @Test
    void aVectorPastItsTtlAndGraceIsDeletedNotWritten() {
        long now = System.currentTimeMillis();
        store.write(List.of(List.of("old")), List.of(vector(now - 5 * HOUR, 10 * HOUR, "spend", 1.0)), now);

        OnlineStore.Written written = store.write(List.of(List.of("old")), List.of(vector(now - 3 * HOUR, HOUR,
                "spend", 2.0)), now);

        assertThat(written).isEqualTo(new OnlineStore.Written(0, 1, 0));
        assertThat(store.get("shop", List.of(List.of("old")))).containsExactly((FeatureVector) null);
    }

    @Test
    void anOlderVectorNeverReplacesANewerOneWhetherCurrentOrExpired() {
        long now = System.currentTimeMillis();
        FeatureVector newer = vector(now, HOUR, "spend", 1.0);
        store.write(List.of(List.of("backfill")), List.of(newer), now);

        // a backfill of yesterday's table after today's run: neither its current nor its expired vector wins
        OnlineStore.Written written = store.write(List.of(List.of("backfill"), List.of("backfill")),
                List.of(vector(now - 30 * 60_000, HOUR, "spend", 2.0), vector(now - 3 * HOUR, HOUR, "spend", 3.0)), now);

        assertThat(written).isEqualTo(new OnlineStore.Written(0, 0, 2));
        assertThat(store.get("shop", List.of(List.of("backfill")))).containsExactly(newer);
        // an equal timestamp rewrites (idempotent re-runs), a later one replaces
        FeatureVector later = vector(now + 60_000, HOUR, "spend", 4.0);
        assertThat(store.write(List.of(List.of("backfill"), List.of("backfill")), List.of(newer, later), now))
                .isEqualTo(new OnlineStore.Written(2, 0, 0));
        assertThat(store.get("shop", List.of(List.of("backfill")))).containsExactly(later);
    }

    @Test
    void theFeatureSetDescriptionRoundTrips() {
        FeatureSetInfo info = new FeatureSetInfo("shop", 3, List.of("customer", "store"), List.of("spend", "tier"), 86_400);
        store.writeInfo(info);
        assertThat(store.info("shop")).isEqualTo(info);
        assertThat(store.info("never")).isNull();
    }

    @Test
    void keysEscapeTheSeparator() {
        assertThat(OnlineStore.key("s", Arrays.asList("a|b", "c"))).isNotEqualTo(OnlineStore.key("s", List.of("a", "b|c")));
        assertThat(OnlineStore.key("s", List.of("C0001"))).isEqualTo("trainyard:fs:s:C0001");
    }

    @Test
    void anUnreachableServerIsExitCodeFourNamingTheAddress() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThatThrownBy(() -> OnlineStore.connect(RedisAddress.parse("redis://127.0.0.1:" + port), 1))
                .isInstanceOfSatisfying(TrainyardException.class, e -> assertThat(e.exitCode()).isEqualTo(4))
                .hasMessageStartingWith("Redis at redis://127.0.0.1:" + port + " is unreachable (")
                .hasMessageContaining("--redis host:port");
    }

    @Test
    void addressesParseWithOrWithoutScheme() {
        assertThat(RedisAddress.parse("localhost:6380")).isEqualTo(new RedisAddress("localhost", 6380));
        assertThat(RedisAddress.parse("redis://10.0.0.5")).isEqualTo(new RedisAddress("10.0.0.5", 6379));
        assertThatThrownBy(() -> RedisAddress.parse("http://x:1")).hasMessageContaining("is not host:port");
    }
}
