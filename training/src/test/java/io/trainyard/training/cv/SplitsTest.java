package io.trainyard.training.cv;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.testing.SparkSessionExtension;
import java.util.ArrayList;
import java.util.List;
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
class SplitsTest {
    private final SparkSession spark;

    SplitsTest(SparkSession spark) {
        this.spark = spark;
    }

    /** 1,000 rows, 10% positive, seeded. */
    private Dataset<Row> rows(int partitions) {
        Random random = new Random(11);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rows.add(RowFactory.create("r" + i, random.nextDouble(), i % 10 == 0 ? 1.0 : 0.0));
        }
        StructType schema = new StructType().add("id", DataTypes.StringType).add("x", DataTypes.DoubleType)
                .add(DatasetSchema.LABEL, DataTypes.DoubleType);
        return spark.createDataFrame(rows, schema).repartition(partitions);
    }

    @Test
    void theHoldoutIsTheSameWhateverThePartitioning() {
        List<Row> one = Splits.holdout(rows(1), List.of("id"), 0.2, 42L).get(1).orderBy("id").collectAsList();
        List<Row> five = Splits.holdout(rows(5), List.of("id"), 0.2, 42L).get(1).orderBy("id").collectAsList();
        assertThat(one).isEqualTo(five);
        assertThat(one.size()).isBetween(160, 240);
        List<Row> otherSeed = Splits.holdout(rows(1), List.of("id"), 0.2, 43L).get(1).orderBy("id").collectAsList();
        assertThat(otherSeed).isNotEqualTo(one);
    }

    @Test
    void stratifiedFoldsKeepTheClassBalance() {
        Dataset<Row> folded = Splits.assignFolds(rows(3), List.of("id"), 3, true, 42L);
        List<Row> counts = folded.groupBy(Splits.FOLD, DatasetSchema.LABEL).count()
                .orderBy(Splits.FOLD, DatasetSchema.LABEL).collectAsList();
        assertThat(counts).hasSize(6);
        // 900 negatives and 100 positives dealt into 3 folds: 300 each, and 34/33/33
        assertThat(counts).filteredOn(r -> r.getDouble(1) == 0.0).allSatisfy(r -> assertThat(r.getLong(2)).isEqualTo(300));
        assertThat(counts).filteredOn(r -> r.getDouble(1) == 1.0)
                .allSatisfy(r -> assertThat(r.getLong(2)).isBetween(33L, 34L));
        assertThat(folded.filter(col(Splits.FOLD).isNull()).count()).isZero();
    }

    @Test
    void stratifiedFoldsBalanceEveryClassOverPartitionsOfAnySizeAndAreFixedBySeedAndPartitioning() {
        // three classes (0: 600 rows, 1: 300, 2: 100), in four cached partitions of different sizes
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rows.add(RowFactory.create("r" + i, (double) i, i % 10 == 0 ? 2.0 : i % 10 < 4 ? 1.0 : 0.0));
        }
        StructType schema = new StructType().add("id", DataTypes.StringType).add("x", DataTypes.DoubleType)
                .add(DatasetSchema.LABEL, DataTypes.DoubleType);
        Dataset<Row> data = null;
        int[] bounds = {0, 150, 400, 900, 1000};
        for (int p = 0; p < 4; p++) {
            Dataset<Row> part = spark.createDataFrame(rows.subList(bounds[p], bounds[p + 1]), schema).coalesce(1);
            data = data == null ? part : data.union(part);
        }
        data = data.cache();
        assertThat(data.rdd().getNumPartitions()).isEqualTo(4);

        Dataset<Row> folded = Splits.assignFolds(data, List.of("id"), 4, true, 42L).cache();
        List<Row> counts = folded.groupBy(Splits.FOLD, DatasetSchema.LABEL).count().collectAsList();
        assertThat(counts).hasSize(12);
        assertThat(counts).filteredOn(r -> r.getDouble(1) == 0.0).allSatisfy(r -> assertThat(r.getLong(2)).isEqualTo(150));
        assertThat(counts).filteredOn(r -> r.getDouble(1) == 1.0).allSatisfy(r -> assertThat(r.getLong(2)).isEqualTo(75));
        assertThat(counts).filteredOn(r -> r.getDouble(1) == 2.0).allSatisfy(r -> assertThat(r.getLong(2)).isEqualTo(25));

        List<Row> assigned = folded.select("id", Splits.FOLD).orderBy("id").collectAsList();
        assertThat(Splits.assignFolds(data, List.of("id"), 4, true, 42L).select("id", Splits.FOLD).orderBy("id")
                .collectAsList()).isEqualTo(assigned);
        List<Row> otherSeed = Splits.assignFolds(data, List.of("id"), 4, true, 7L).select("id", Splits.FOLD)
                .orderBy("id").collectAsList();
        assertThat(otherSeed).isNotEqualTo(assigned);
        // not dealt in the input's order: neighbouring ids of a class land in folds independently
        long sameAsNext = 0;
        for (int i = 0; i + 10 < 1000; i++) {
            if (fold(assigned, "r" + i) == fold(assigned, "r" + (i + 10))) {
                sameAsNext++;
            }
        }
        assertThat(sameAsNext).isBetween(150L, 350L);
        folded.unpersist();
        data.unpersist();
    }

    private static int fold(List<Row> assigned, String id) {
        return assigned.stream().filter(r -> r.getString(0).equals(id)).findFirst().orElseThrow().getInt(1);
    }

    @Test
    void interactionHoldoutTakesAShareOfEachUsersRatingsAndLeavesEveryUserSomeTraining() {
        List<Row> rows = new ArrayList<>();
        for (int user = 0; user < 50; user++) {
            for (int item = 0; item <= user % 12; item++) {
                rows.add(RowFactory.create("u" + user, "i" + item, 1.0 + item % 5));
            }
        }
        StructType schema = new StructType().add("user", DataTypes.StringType).add("item", DataTypes.StringType)
                .add(DatasetSchema.LABEL, DataTypes.DoubleType);
        Dataset<Row> data = spark.createDataFrame(rows, schema);

        List<Dataset<Row>> split = Splits.interactionHoldout(data.repartition(3), "user", "item", 0.2, 42L);

        List<Row> heldPerUser = split.get(1).groupBy("user").count().collectAsList();
        for (Row held : heldPerUser) {
            int user = Integer.parseInt(held.getString(0).substring(1));
            long n = user % 12 + 1;
            assertThat(held.getLong(1)).as(held.getString(0)).isEqualTo(Math.min(Math.round(n * 0.2), n - 1));
        }
        assertThat(split.get(0).select("user").distinct().count()).isEqualTo(50);
        assertThat(split.get(0).count() + split.get(1).count()).isEqualTo(rows.size());
        List<Row> again = Splits.interactionHoldout(data.repartition(1), "user", "item", 0.2, 42L).get(1)
                .orderBy("user", "item").collectAsList();
        assertThat(split.get(1).orderBy("user", "item").collectAsList()).isEqualTo(again);
    }
}
