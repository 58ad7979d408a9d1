package io.trainyard.training.cv;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;
import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.features.testing.SparkSessionExtension;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class CrossValidationTest {
    private final SparkSession spark;

    CrossValidationTest(SparkSession spark) {
        this.spark = spark;
    }

    /** Rows 0..n-1 of (id, x) in one partition per entry of {@code sizes}. */
    private Dataset<Row> partitions(int... sizes) {
        StructType schema = new StructType().add("id", DataTypes.StringType).add("x", DataTypes.DoubleType);
        Dataset<Row> data = null;
        int next = 0;
        for (int size : sizes) {
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < size; i++, next++) {
                rows.add(RowFactory.create("r" + next, (double) next));
            }
            Dataset<Row> part = spark.createDataFrame(rows, schema).coalesce(1);
            data = data == null ? part : data.union(part);
        }
        return data;
    }

    @Test
    void rowsAlreadyInOnePartitionPerCoreOfAboutEqualSizeAreCachedWhereTheyAre() {
        Dataset<Row> input = partitions(500, 520).cache();
        List<Dataset<Row>> caches = new ArrayList<>();
        Dataset<Row> cached = CrossValidation.cachedSpread(input.withColumn("y", col("x").plus(1)), 2, caches);
        assertThat(caches).containsExactly(cached);
        assertThat(sizes(cached)).containsExactly(500, 520);
        caches.forEach(Dataset::unpersist);
        input.unpersist();
    }

    @Test
    void unevenPartitionsOrRowsMovedByTheirPlanAreSpreadOverTheCores() {
        Dataset<Row> uneven = partitions(900, 100).cache();
        Dataset<Row> ranked = partitions(300, 300, 300).withColumn("r", row_number().over(Window.orderBy("x")));
        for (Dataset<Row> input : List.of(uneven, partitions(300, 300, 300), ranked)) {
            List<Dataset<Row>> caches = new ArrayList<>();
            Dataset<Row> cached = CrossValidation.cachedSpread(input, 2, caches);
            assertThat(caches).endsWith(cached);
            // a plan that moves rows is spread at once, not cached first
            assertThat(caches).hasSize(input == uneven ? 2 : 1);
            List<Integer> sizes = sizes(cached);
            assertThat(sizes).hasSize(2);
            assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(input.count());
            assertThat(sizes).allSatisfy(size -> assertThat(size).isBetween(350, 650));
            caches.forEach(Dataset::unpersist);
        }
        uneven.unpersist();
    }

    /** Rows per partition, read from a plan of its own (so from the cache). */
    private static List<Integer> sizes(Dataset<Row> rows) {
        return rows.select(col("*")).javaRDD().glom().collect().stream().map(List::size).toList();
    }
}
