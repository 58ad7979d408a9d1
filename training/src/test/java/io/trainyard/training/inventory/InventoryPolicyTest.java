package io.trainyard.training.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.trainyard.features.testing.SparkSessionExtension;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The formulas against textbook worked examples. */
@ExtendWith(SparkSessionExtension.class)
class InventoryPolicyTest {
    private final SparkSession spark;

    InventoryPolicyTest(SparkSession spark) {
        this.spark = spark;
    }

    @Test
    void eoqOfTheClassicExample() {
        // D = 1,000 units a year (weekly mean 1000/52), S = 10 per order, H = 0.50 per unit-year: EOQ = 200
        InventoryPolicy policy = new InventoryPolicy(10, 0.5, 1, 0.95, 52);
        assertThat(policy.economicOrderQuantity(1000.0 / 52)).isCloseTo(200.0, within(1e-9));
    }

    @Test
    void safetyStockAndReorderPointOfTheDailyExample() {
        // daily demand 50 ± 10, lead time 9 days, 95% cycle service level (z = 1.645):
        // SS = 1.645 x 10 x 3 = 49.35, ROP = 50 x 9 + SS = 499.35
        InventoryPolicy policy = new InventoryPolicy(100, 1, 9, 0.95, 365);
        assertThat(policy.z()).isCloseTo(1.6449, within(1e-4));
        assertThat(policy.safetyStock(10)).isCloseTo(49.35, within(0.01));
        assertThat(policy.reorderPoint(50, 10)).isCloseTo(499.35, within(0.01));
        assertThat(new InventoryPolicy(100, 1, 9, 0.99, 365).z()).isCloseTo(2.3263, within(1e-4));
    }

    @Test
    void theBatchJobAppliesTheSameFormulasPerItem() {
        StructType schema = new StructType().add("sku", DataTypes.StringType).add("mean", DataTypes.DoubleType)
                .add("std", DataTypes.DoubleType);
        // item a: two days of 40 and 60 (mean 50), std 6 and 8 (pooled sqrt((36 + 64) / 2) = 7.07)
        Dataset<Row> forecast = spark.createDataFrame(List.of(RowFactory.create("a", 40.0, 6.0),
                RowFactory.create("a", 60.0, 8.0), RowFactory.create("b", 10.0, 0.0)), schema);
        InventoryPolicy policy = new InventoryPolicy(100, 1, 9, 0.95, 365);

        List<Row> rows = InventoryJob.policies(forecast, "sku", "mean", "std", policy).collectAsList();

        Row a = rows.get(0);
        double std = Math.sqrt(50.0);
        assertThat(a.<Double>getAs("std_demand")).isCloseTo(std, within(1e-9));
        assertThat(a.<Double>getAs("eoq")).isCloseTo(policy.economicOrderQuantity(50), within(1e-9));
        assertThat(a.<Double>getAs("reorder_point")).isCloseTo(policy.reorderPoint(50, std), within(1e-9));
        assertThat(rows.get(1).<Double>getAs("safety_stock")).isZero();
        assertThatThrownBy(() -> InventoryJob.policies(forecast, "item", "mean", "std", policy))
                .hasMessageStartingWith("Forecast column 'item' not found");
        assertThatThrownBy(() -> new InventoryPolicy(10, 1, 2, 1.2, 52))
                .hasMessage("--service-level must be above 0.5 and below 1 (e.g. 0.95), found 1.2");
    }
}
