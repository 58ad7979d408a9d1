package io.trainyard.features.time;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;

import io.trainyard.common.TrainyardException;
import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.spec.TimeFeatures;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Lag, rolling-mean and calendar features of a daily series ({@link TimeFeaturizer}, the stage
 * the bundle keeps for scoring), its seasonal-naive baseline, and the warm-up cut.
 * Windows are ranges of days ({@code rangeBetween} on the day number), not row offsets, so a
 * missing day never shifts a lag onto the wrong date. A row at day t reads the target only at
 * days t - horizon and earlier: no look-ahead, whatever the split. Rows too early to have the
 * full history (the warm-up) are dropped.
 */
public final class TimeSeriesFeatures {
    /** The seasonal-naive forecast of each row: the target one whole number of seasons back. */
    public static final String BASELINE = "_baseline";
    private static final Logger LOG = LogManager.getLogger(TimeSeriesFeatures.class);
    private static final String DAY = "_day";

    /**
     * The frame with the features, and their names.
     *
     * @param frame the rows after the warm-up, with the feature columns and {@link #BASELINE}
     * @param columns the new numeric feature columns, in order
     */
    public record Result(Dataset<Row> frame, List<String> columns) {
    }

    private TimeSeriesFeatures() {
    }

    /**
     * @param frame rows with {@link DatasetSchema#TIME} (a date) and {@link DatasetSchema#LABEL}
     * @param target the raw target's name, used to name the features ({@code ridership_lag_14})
     */
    public static Result add(Dataset<Row> frame, TimeFeatures spec, String target) {
        TimeFeaturizer featurizer = TimeFeaturizer.of(spec, DatasetSchema.TIME, DatasetSchema.LABEL, target);
        Dataset<Row> out = featurizer.transform(frame)
                .withColumn(DAY, datediff(col(DatasetSchema.TIME), lit("1970-01-01")));
        WindowSpec byDay = Window.orderBy(col(DAY));
        int baselineLag = spec.baselineLag();
        out = out.withColumn(BASELINE, avg(col(DatasetSchema.LABEL)).over(byDay.rangeBetween(-baselineLag, -baselineLag)));
        Row first = frame.agg(min(col(DatasetSchema.TIME))).first();
        Dataset<Row> kept = out.filter(col(DAY).geq(datediff(lit(first.getDate(0)), lit("1970-01-01"))
                .plus(spec.lookback()))).drop(DAY);
        LOG.info("time features: {} lags, {} rolling means, {} calendar fields; baseline lag {} days;"
                + " first {} days of history used as warm-up only", spec.lags().size(), spec.rollingMeans().size(),
                spec.calendar().size(), baselineLag, spec.lookback());
        return new Result(kept, featurizer.outputColumns());
    }

    /**
     * Fails when a date is not a date or appears twice: lags of a series with duplicate days are
     * ambiguous. One Spark job.
     */
    public static void check(Dataset<Row> frame, String timeColumn, String path) {
        List<Row> duplicates = frame.groupBy(col(DatasetSchema.TIME)).count().filter(col("count").gt(1).or(col(DatasetSchema.TIME).isNull()))
                .orderBy(col(DatasetSchema.TIME).asc_nulls_first()).limit(1).collectAsList();
        if (duplicates.isEmpty()) {
            return;
        }
        Row duplicate = duplicates.get(0);
        if (duplicate.isNullAt(0)) {
            throw TrainyardException.data("Time column '" + timeColumn + "' in " + path + " has " + duplicate.getLong(1)
                    + " values that are not dates (yyyy-MM-dd); fix them upstream or drop those rows");
        }
        throw TrainyardException.data("Time column '" + timeColumn + "' in " + path + " has duplicate timestamps: "
                + duplicate.get(0) + " appears " + duplicate.getLong(1) + " times; a daily series needs one row per"
                + " day: aggregate the rows per day upstream");
    }
}
