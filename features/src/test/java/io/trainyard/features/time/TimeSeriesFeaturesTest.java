package io.trainyard.features.time;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_date;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.spec.TimeFeatures;
import io.trainyard.features.testing.SparkSessionExtension;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class TimeSeriesFeaturesTest {
    private final SparkSession spark;

    TimeSeriesFeaturesTest(SparkSession spark) {
        this.spark = spark;
    }

    /** Day i of January-February 2020 has target value i, except the skipped days. */
    private Dataset<Row> series(List<Integer> skipped, List<Integer> doubled) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            if (skipped.contains(i)) {
                continue;
            }
            String day = LocalDate.of(2020, 1, 1).plusDays(i).toString();
            rows.add(RowFactory.create(day, (double) i));
            if (doubled.contains(i)) {
                rows.add(RowFactory.create(day, (double) i));
            }
        }
        StructType schema = new StructType().add("date", DataTypes.StringType).add(DatasetSchema.LABEL,
                DataTypes.DoubleType);
        return spark.createDataFrame(rows, schema).withColumn(DatasetSchema.TIME, to_date(col("date")));
    }

    @Test
    void lagsAndWindowsReadOnlyTheHorizonOrEarlierEvenAcrossGaps() {
        TimeFeatures spec = new TimeFeatures(7, List.of(7, 14), List.of(3), List.of("day-of-week"), 7);
        TimeSeriesFeatures.Result result = TimeSeriesFeatures.add(series(List.of(40), List.of()), spec, "y");

        assertThat(result.columns()).containsExactly("y_lag_7", "y_lag_14", "y_mean_3d", "day_of_week");
        List<Row> rows = result.frame().orderBy(DatasetSchema.TIME).collectAsList();
        // warm-up: the first 14 days (the longest lag) are dropped
        assertThat(rows.get(0).<Double>getAs(DatasetSchema.LABEL)).isEqualTo(14.0);
        for (Row row : rows) {
            double t = row.<Double>getAs(DatasetSchema.LABEL);
            Double lag7 = row.getAs("y_lag_7");
            assertThat(lag7).isEqualTo(t - 7 == 40 ? null : t - 7);
            assertThat(row.<Double>getAs("y_lag_14")).isEqualTo(t - 14 == 40 ? null : t - 14);
            assertThat(row.<Double>getAs(TimeSeriesFeatures.BASELINE)).isEqualTo(lag7);
            if (t - 7 != 40 && t - 8 != 40 && t - 9 != 40) {
                // mean of days t-9 .. t-7: never day t-6 or later
                assertThat(row.<Double>getAs("y_mean_3d")).isEqualTo(t - 8);
            }
        }
        // 2020-01-15 was a Wednesday: Spark's dayofweek is 1 = Sunday .. 7 = Saturday
        assertThat(rows.get(0).<Double>getAs("day_of_week")).isEqualTo(4.0);
    }

    @Test
    void duplicateTimestampsAreRefusedBeforeAnyTraining() {
        assertThatThrownBy(() -> TimeSeriesFeatures.check(series(List.of(), List.of(20)), "date", "d.csv"))
                .hasMessage("Time column 'date' in d.csv has duplicate timestamps: 2020-01-21 appears 2 times;"
                        + " a daily series needs one row per day: aggregate the rows per day upstream");
    }

    @Test
    void aLagShorterThanTheHorizonIsRefused() {
        assertThatThrownBy(() -> new TimeFeatures(14, List.of(7), null, null, null))
                .hasMessage("lag 7 is shorter than the horizon 14: it would read the future; use lags of at least 14");
    }
}
