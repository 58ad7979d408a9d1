package io.trainyard.training.inventory;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.trainyard.common.Suggestions;
import io.trainyard.common.TrainyardException;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Turns a forecast table (one row per item and period: mean and standard deviation of demand)
 * into one policy row per item: mean and spread of demand per period (the mean of the means, and
 * the root of the mean variance), annual demand, EOQ, safety stock and reorder point
 * ({@link InventoryPolicy} documents the formulas). Runs on the executors; one Spark job checks the input.
 */
public final class InventoryJob {
    private InventoryJob() {
    }

    /**
     * @param forecast the forecast rows
     * @param item the item column; mean and std the demand columns (numbers, std not negative)
     */
    public static Dataset<Row> policies(Dataset<Row> forecast, String item, String mean, String std,
                                        InventoryPolicy policy) {
        for (String column : List.of(item, mean, std)) {
            if (!List.of(forecast.columns()).contains(column)) {
                throw TrainyardException.data("Forecast column '" + column + "' not found"
                        + Suggestions.didYouMean(column, List.of(forecast.columns())) + " Columns are: "
                        + String.join(", ", forecast.columns()) + "; set --item-column, --mean-column or --std-column");
            }
        }
        Column m = expr("try_cast(`" + mean + "` AS DOUBLE)");
        Column s = expr("try_cast(`" + std + "` AS DOUBLE)");
        Row bad = forecast.agg(count(lit(1)), sum(when(m.isNull().or(s.isNull()).or(s.lt(0)).or(m.lt(0)), 1)
                .otherwise(0))).first();
        if (bad.getLong(0) == 0) {
            throw TrainyardException.data("The forecast has no rows; check --forecast");
        }
        if (bad.getLong(1) > 0) {
            throw TrainyardException.data("The forecast has " + bad.getLong(1) + " rows whose '" + mean + "' or '" + std
                    + "' is missing, not a number or negative; fix the forecast upstream");
        }
        double z = policy.z();
        Dataset<Row> perItem = forecast.groupBy(col("`" + item + "`").cast("string").as("item"))
                .agg(avg(m).as("mean_demand"), sqrt(avg(pow(s, 2))).as("std_demand"), count(lit(1)).as("periods"));
        Column safety = lit(z).multiply(col("std_demand")).multiply(Math.sqrt(policy.leadTime()));
        return perItem
                .withColumn("annual_demand", col("mean_demand").multiply(policy.periodsPerYear()))
                .withColumn("eoq", sqrt(col("annual_demand").multiply(2 * policy.orderCost() / policy.holdingCost())))
                .withColumn("safety_stock", safety)
                .withColumn("reorder_point", col("mean_demand").multiply(policy.leadTime()).plus(safety))
                .orderBy("item");
    }
}
