package io.trainyard.features.load;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.features.drift.DriftProfile;
import io.trainyard.features.drift.FeatureBins;
import io.trainyard.features.testing.SparkSessionExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audit's one pass against separate Spark queries over the same rows: each flag counted by a
 * filter, each drift histogram by grouping on {@link FeatureBins#binOf} (the training profile's bins).
 */
@ExtendWith(SparkSessionExtension.class)
class InputAuditTest {
    private static final double[] NUMBERS = {-2.0, -1.0, -0.0, 0.0, 1e-300, 2.5, 2.4999, 9.99, 10.0, 1e9,
        Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
    private static final String[] TEXTS = {"1.5", "2", "2.0", "0.5", "abc", "NaN", " 3", "-0.0", "1e3"};
    private static final String[] CATEGORIES = {"a", "b", "c", "d", "é", "A", ""};

    private final SparkSession spark;

    InputAuditTest(SparkSession spark) {
        this.spark = spark;
    }

    private Dataset<Row> rows() {
        Random random = new Random(5);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            rows.add(RowFactory.create(
                    random.nextInt(12) == 0 ? null : NUMBERS[random.nextInt(NUMBERS.length)],
                    random.nextInt(12) == 0 ? null : TEXTS[random.nextInt(TEXTS.length)],
                    random.nextInt(12) == 0 ? null : CATEGORIES[random.nextInt(CATEGORIES.length)],
                    random.nextInt(12) == 0 ? null : random.nextInt(4)));
        }
        StructType schema = new StructType().add("n", DataTypes.DoubleType).add("t", DataTypes.StringType)
                .add("c", DataTypes.StringType).add("k", DataTypes.IntegerType);
        return spark.createDataFrame(rows, schema).repartition(3);
    }

    @Test
    void countsWhatSparksOwnExpressionsCount() {
        Dataset<Row> raw = rows().cache();
        DatasetSchema schema = new DatasetSchema(List.of(), List.of("c", "k"), List.of("n", "t"), "y", "1", "0");
        Map<String, List<String>> known = Map.of("c", List.of("a", "b", "c", "é"), "k", List.of("0", "1", "2"));
        DriftProfile profile = new DriftProfile(3000, List.of(
                new DriftProfile.Feature("n", DriftProfile.NUMERIC, List.of(-1.0, -0.0, 0.0, 2.5, 10.0), null, List.of()),
                new DriftProfile.Feature("t", DriftProfile.NUMERIC, List.of(1.0, 2.0), null, List.of()),
                new DriftProfile.Feature("c", DriftProfile.CATEGORICAL, null, List.of("b", "a", "é"), List.of()),
                new DriftProfile.Feature("k", DriftProfile.CATEGORICAL, null, List.of("1"), List.of()),
                new DriftProfile.Feature("z", DriftProfile.NUMERIC, List.of(1.0), null, List.of())));

        InputAudit.Findings findings = new InputAudit(raw, schema, known, profile).aggregate();

        assertThat(findings.rows()).isEqualTo(3000);
        Column nMissing = col("n").isNull().or(isnan(col("n")));
        Column tMissing = col("t").isNull();
        Column tUnparsable = col("t").isNotNull().and(DatasetLoader.numericValue(raw, "t").isNull());
        Column cMissing = col("c").isNull();
        Column cUnseen = col("c").isNotNull().and(col("c").isin("a", "b", "c", "é").unary_$bang());
        Column kValue = col("k").cast("string");
        Column kMissing = kValue.isNull();
        Column kUnseen = kValue.isNotNull().and(kValue.isin("0", "1", "2").unary_$bang());
        assertThat(findings.missing()).containsExactlyInAnyOrderEntriesOf(Map.of("n", count(raw, nMissing),
                "t", count(raw, tMissing), "c", count(raw, cMissing), "k", count(raw, kMissing)));
        assertThat(findings.unparsable()).containsExactlyEntriesOf(Map.of("t", count(raw, tUnparsable)));
        assertThat(findings.unseen()).containsExactlyInAnyOrderEntriesOf(Map.of("c", count(raw, cUnseen),
                "k", count(raw, kUnseen)));
        assertThat(findings.invalidRows()).isEqualTo(count(raw, nMissing.or(tMissing).or(tUnparsable).or(cMissing)
                .or(cUnseen).or(kMissing).or(kUnseen)));
        assertThat(findings.unparsable().get("t")).isPositive();
        assertThat(findings.unseen().get("c")).isPositive();

        // the profile's feature 'z' is not an input of the model: not counted
        assertThat(findings.bins()).containsOnlyKeys("n", "t", "c", "k");
        for (DriftProfile.Feature feature : profile.features().subList(0, 4)) {
            Column value = feature.kind().equals(DriftProfile.NUMERIC) ? DatasetLoader.numericValue(raw, feature.name())
                    : col(feature.name()).cast("string");
            long[] expected = new long[feature.bins()];
            for (Row row : raw.groupBy(FeatureBins.binOf(feature, value).as("bin")).count().collectAsList()) {
                expected[row.getInt(0)] = row.getLong(1);
            }
            assertThat(findings.bins().get(feature.name())).as(feature.name()).containsExactly(expected);
        }
        raw.unpersist();
    }

    private static long count(Dataset<Row> raw, Column test) {
        return raw.filter(test).count();
    }
}
