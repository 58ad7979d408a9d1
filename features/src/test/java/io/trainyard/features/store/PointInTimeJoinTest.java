package io.trainyard.features.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.features.spec.DataSource;
import io.trainyard.features.testing.SparkSessionExtension;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class PointInTimeJoinTest {
    private static final LocalDateTime START = LocalDateTime.of(2026, 1, 1, 0, 0);
    private static final StructType TABLE = new StructType().add("customer_id", DataTypes.StringType)
            .add(FeatureTable.TIMESTAMP, DataTypes.TimestampType).add(FeatureTable.VERSION, DataTypes.IntegerType)
            .add("spend", DataTypes.DoubleType);
    private static final StructType LABELS = new StructType().add("customer_id", DataTypes.StringType)
            .add("label_time", DataTypes.TimestampType).add("churned", DataTypes.IntegerType);

    private final SparkSession spark;

    PointInTimeJoinTest(SparkSession spark) {
        this.spark = spark;
    }

    private static FeatureSetSpec spec(String ttl) {
        return new FeatureSetSpec("spend", 1, List.of("customer_id"), "at", DataSource.of("unused.csv", "csv"),
                null, null, ttl, null);
    }

    private static Timestamp at(long minutes) {
        return Timestamp.valueOf(START.plusMinutes(minutes));
    }

    private Map<Integer, Row> joined(List<Row> features, List<Row> labels, String ttl) {
        Dataset<Row> table = spark.createDataFrame(features, TABLE);
        Dataset<Row> events = spark.createDataFrame(labels, LABELS);
        List<Row> rows = PointInTimeJoin.join(events, "label_time", table, spec(ttl)).collectAsList();
        assertThat(rows).hasSize(labels.size());
        Map<Integer, Row> byLabel = new HashMap<>();
        rows.forEach(r -> byLabel.put(r.<Integer>getAs("churned"), r));
        return byLabel;
    }

    @Test
    void eachLabelGetsTheNewestFeatureRowNotAfterItNeverALaterOne() {
        int day = 24 * 60;
        List<Row> features = List.of(
                RowFactory.create("A", at(0), 1, 1.0),
                RowFactory.create("A", at(4 * day), 1, 5.0),
                RowFactory.create("A", at(9 * day), 1, 10.0),
                RowFactory.create("B", at(2 * day), 1, 3.0));
        // the label's number says which case it is
        List<Row> labels = List.of(
                RowFactory.create("A", at(4 * day), 1),          // same instant as a feature row: it is not after
                RowFactory.create("A", at(6 * day), 2),          // between rows: the older, not the later
                RowFactory.create("A", at(9 * day - 1), 3),      // one minute before the next row
                RowFactory.create("A", at(-1), 4),               // before any row: nothing
                RowFactory.create("B", at(3 * day), 5),
                RowFactory.create("B", at(40 * day), 6),         // the only row is older than the 30-day TTL
                RowFactory.create("C", at(3 * day), 7));         // unknown entity

        Map<Integer, Row> rows = joined(features, labels, "30d");

        assertThat(rows.get(1).<Double>getAs("spend")).isEqualTo(5.0);
        assertThat(rows.get(2).<Double>getAs("spend")).isEqualTo(5.0);
        assertThat(rows.get(3).<Double>getAs("spend")).isEqualTo(5.0);
        assertThat(rows.get(3).<Timestamp>getAs(PointInTimeJoin.FEATURE_TIME)).isEqualTo(at(4 * day));
        assertThat(rows.get(4).<Double>getAs("spend")).isNull();
        assertThat(rows.get(5).<Double>getAs("spend")).isEqualTo(3.0);
        assertThat(rows.get(6).<Double>getAs("spend")).isNull();
        assertThat(rows.get(7).<Double>getAs("spend")).isNull();
    }

    @Test
    void matchesABruteForceSearchOnSeededRandomHistories() {
        Random random = new Random(7);
        Duration ttl = Duration.ofHours(36);
        List<Row> features = new ArrayList<>();
        Map<String, List<long[]>> history = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            String customer = "C" + random.nextInt(20);
            long minute = random.nextInt(30 * 24 * 60);
            List<long[]> seen = history.computeIfAbsent(customer, k -> new ArrayList<>());
            if (seen.stream().anyMatch(r -> r[0] == minute)) {
                continue;
            }
            seen.add(new long[] {minute, i});
            features.add(RowFactory.create(customer, at(minute), 1, (double) i));
        }
        List<Row> labels = new ArrayList<>();
        Map<Integer, Double> expected = new HashMap<>();
        for (int j = 0; j < 300; j++) {
            String customer = "C" + random.nextInt(22);
            long minute = random.nextInt(31 * 24 * 60);
            labels.add(RowFactory.create(customer, at(minute), j));
            Double best = null;
            long bestMinute = Long.MIN_VALUE;
            for (long[] row : history.getOrDefault(customer, List.of())) {
                if (row[0] <= minute && row[0] > minute - ttl.toMinutes() && row[0] > bestMinute) {
                    bestMinute = row[0];
                    best = (double) row[1];
                }
            }
            expected.put(j, best);
        }

        Map<Integer, Row> rows = joined(features, labels, "36h");

        for (int j = 0; j < labels.size(); j++) {
            Row row = rows.get(j);
            assertThat(row.<Double>getAs("spend")).as("label %d", j).isEqualTo(expected.get(j));
            Timestamp featureTime = row.getAs(PointInTimeJoin.FEATURE_TIME);
            if (featureTime != null) {
                assertThat(featureTime).isBeforeOrEqualTo(labels.get(j).<Timestamp>getAs(1));
            }
        }
    }
}
