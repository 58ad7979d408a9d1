package io.trainyard.jobs.cli;

import io.trainyard.common.TrainyardException;
import io.trainyard.features.load.DatasetLoader;
import io.trainyard.features.spec.DataSource;
import io.trainyard.jobs.config.SparkSpec;
import io.trainyard.training.inventory.InventoryJob;
import io.trainyard.training.inventory.InventoryPolicy;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "inventory", sortOptions = false,
        description = {"Turn a demand forecast (one row per item and period: mean and standard deviation of demand)",
            "into economic order quantity, safety stock and reorder point per item (formulas in README.md),",
            "written as CSV with a header."},
        footer = {"", "Example:", "  trainyard inventory --forecast forecast.csv --output out/inventory --order-cost 50 \\",
            "      --holding-cost 2.5 --lead-time 2 --service-level 0.95 --periods-per-year 52"})
final class InventoryCommand extends JobCommand {
    @Option(names = "--forecast", required = true, paramLabel = "PATH", description = "CSV or Parquet forecast rows.")
    String forecast;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "The output folder (must not exist).")
    String output;

    @Option(names = "--order-cost", required = true, description = "Cost of placing one order.")
    double orderCost;

    @Option(names = "--holding-cost", required = true, description = "Cost of holding one unit for a year.")
    double holdingCost;

    @Option(names = "--lead-time", required = true, description = "Lead time, in forecast periods.")
    double leadTime;

    @Option(names = "--service-level", defaultValue = "0.95", description = "Cycle service level (default: ${DEFAULT-VALUE}).")
    double serviceLevel;

    @Option(names = "--periods-per-year", defaultValue = "52", description = "Forecast periods a year (default: ${DEFAULT-VALUE}).")
    double periodsPerYear;

    @Option(names = "--item-column", defaultValue = "item", description = "Default: ${DEFAULT-VALUE}.")
    String itemColumn;

    @Option(names = "--mean-column", defaultValue = "mean", description = "Default: ${DEFAULT-VALUE}.")
    String meanColumn;

    @Option(names = "--std-column", defaultValue = "std", description = "Default: ${DEFAULT-VALUE}.")
    String stdColumn;

    @Override
    int run() {
        InventoryPolicy policy;
        try {
            policy = new InventoryPolicy(orderCost, holdingCost, leadTime, serviceLevel, periodsPerYear);
        } catch (IllegalArgumentException e) {
            throw TrainyardException.usage(e.getMessage());
        }
        SparkSession spark = SparkSessions.create("inventory", SparkSpec.defaults());
        Dataset<Row> rows = new DatasetLoader(spark).read(DataSource.of(forecast, null));
        Dataset<Row> policies = InventoryJob.policies(rows, itemColumn, meanColumn, stdColumn, policy).cache();
        policies.coalesce(1).write().mode(SaveMode.ErrorIfExists).option("header", true).csv(output);
        List<Row> first = policies.limit(5).collectAsList();
        long items = policies.count();
        if (!json()) {
            out().printf(Locale.ROOT, "trainyard inventory: %d items from %s into %s (z = %.4f)%n", items, forecast,
                    output, policy.z());
            first.forEach(r -> out().printf(Locale.ROOT, "  %-12s eoq %.1f  safety stock %.1f  reorder point %.1f%n",
                    r.getString(0), r.<Double>getAs("eoq"), r.<Double>getAs("safety_stock"),
                    r.<Double>getAs("reorder_point")));
            out().flush();
        }
        Map<String, Object> summary = Summaries.ok("inventory");
        summary.put("items", items);
        summary.put("output", output);
        printJson(summary);
        return 0;
    }
}
