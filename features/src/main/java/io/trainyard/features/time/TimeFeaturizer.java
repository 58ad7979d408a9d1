package io.trainyard.features.time;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.dayofyear;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.weekofyear;
import static org.apache.spark.sql.functions.year;
import static io.trainyard.features.load.Columns.quote;

import io.trainyard.features.spec.TimeFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.StructType;

/**
 * The lag, rolling-mean and calendar features of a daily series as a Spark stage: training computes
 * them with it, and the bundle keeps it ({@code time_features/}) so that {@code score} computes
 * them again from a scoring input that holds the date and the target's history. A row at day t
 * reads the target only at days t - horizon and earlier; windows are ranges of days (a missing day
 * never shifts a lag onto the wrong date); a row without the history a feature needs gets null.
 *
 * <p>Why a stage of our own: {@code SQLTransformer} could spell the windows, but not name the
 * output columns the model was trained on from the config, nor be built from {@link TimeFeatures}.
 */
public final class TimeFeaturizer extends Transformer implements DefaultParamsWritable {
    /** Where a bundle keeps the stage, over the raw date and target columns. */
    public static final String BUNDLE_DIR = "time_features";
    private static final long serialVersionUID = 1L;
    private static final String DAY = "_trainyard_day";

    private final String uid;
    private final Param<String> timeColumn;
    private final Param<String> targetColumn;
    private final Param<String> prefix;
    private final IntParam horizon;
    private final IntArrayParam lags;
    private final IntArrayParam rollingMeans;
    private final StringArrayParam calendar;

    public TimeFeaturizer() {
        this(Identifiable$.MODULE$.randomUID("timeFeaturizer"));
    }

    public TimeFeaturizer(String uid) {
        this.uid = uid;
        this.timeColumn = new Param<>(this, "timeColumn", "the date column (yyyy-MM-dd) that orders the series");
        this.targetColumn = new Param<>(this, "targetColumn", "the target whose history the features read");
        this.prefix = new Param<>(this, "prefix", "the start of the lag and rolling-mean column names");
        this.horizon = new IntParam(this, "horizon", "days ahead the forecast is made: windows end this far back");
        this.lags = new IntArrayParam(this, "lags", "target values this many days back");
        this.rollingMeans = new IntArrayParam(this, "rollingMeans", "means over windows of this many days");
        this.calendar = new StringArrayParam(this, "calendar", "calendar fields of the date");
        setDefault(horizon, 1);
        setDefault(lags, new int[0]);
        setDefault(rollingMeans, new int[0]);
        setDefault(calendar, new String[0]);
    }

    /** The stage for {@code spec} over the given date and target columns, naming features after {@code prefix}. */
    public static TimeFeaturizer of(TimeFeatures spec, String timeColumn, String targetColumn, String prefix) {
        TimeFeaturizer featurizer = new TimeFeaturizer();
        featurizer.set(featurizer.timeColumn, timeColumn);
        featurizer.set(featurizer.targetColumn, targetColumn);
        featurizer.set(featurizer.prefix, prefix);
        featurizer.set(featurizer.horizon, spec.horizon());
        featurizer.set(featurizer.lags, spec.lags().stream().mapToInt(Integer::intValue).toArray());
        featurizer.set(featurizer.rollingMeans, spec.rollingMeans().stream().mapToInt(Integer::intValue).toArray());
        featurizer.set(featurizer.calendar, spec.calendar().toArray(new String[0]));
        return featurizer;
    }

    /** The stage over the raw columns of a series: the date column, the target, features named after it. */
    public static TimeFeaturizer forRawColumns(TimeFeatures spec, String timeColumn, String targetColumn) {
        return of(spec, timeColumn, targetColumn, prefixFor(targetColumn));
    }

    /** The start of the feature names of a target: its name with every character outside [A-Za-z0-9_] as '_'. */
    public static String prefixFor(String targetColumn) {
        return targetColumn.replaceAll("[^A-Za-z0-9_]", "_");
    }

    public static MLReader<TimeFeaturizer> read() {
        return new DefaultParamsReader<>();
    }

    public static TimeFeaturizer load(String path) {
        return read().load(path);
    }

    // Spark finds a stage's params through public no-argument methods returning them (Params.params)

    public Param<String> timeColumn() {
        return timeColumn;
    }

    public Param<String> targetColumn() {
        return targetColumn;
    }

    public Param<String> prefix() {
        return prefix;
    }

    public IntParam horizon() {
        return horizon;
    }

    public IntArrayParam lags() {
        return lags;
    }

    public IntArrayParam rollingMeans() {
        return rollingMeans;
    }

    public StringArrayParam calendar() {
        return calendar;
    }

    public String getTimeColumn() {
        return $(timeColumn);
    }

    public String getTargetColumn() {
        return $(targetColumn);
    }

    /** The feature columns it adds, in order. */
    public List<String> outputColumns() {
        List<String> columns = new ArrayList<>();
        for (int lag : $(lags)) {
            columns.add($(prefix) + "_lag_" + lag);
        }
        for (int window : $(rollingMeans)) {
            columns.add($(prefix) + "_mean_" + window + "d");
        }
        for (String field : $(calendar)) {
            columns.add(field.replace('-', '_'));
        }
        return columns;
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        List<String> names = Arrays.asList(schema.fieldNames());
        for (String column : List.of(getTimeColumn(), getTargetColumn())) {
            if (!names.contains(column)) {
                throw new IllegalArgumentException("TimeFeaturizer: column '" + column + "' does not exist");
            }
        }
        StructType out = schema;
        for (String column : outputColumns()) {
            out = out.add(column, org.apache.spark.sql.types.DataTypes.DoubleType);
        }
        return out;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        Column date = to_date(col(quote(getTimeColumn())));
        Column target = col(quote(getTargetColumn())).cast("double");
        Dataset<Row> out = dataset.toDF().withColumn(DAY, datediff(date, lit("1970-01-01")));
        WindowSpec byDay = Window.orderBy(col(DAY));
        List<String> names = outputColumns();
        int n = 0;
        for (int lag : $(lags)) {
            out = out.withColumn(names.get(n++), avg(target).over(byDay.rangeBetween(-lag, -lag)));
        }
        for (int window : $(rollingMeans)) {
            long end = (Integer) $(horizon);
            out = out.withColumn(names.get(n++), avg(target).over(byDay.rangeBetween(-(end + window - 1), -end)));
        }
        for (String field : $(calendar)) {
            out = out.withColumn(names.get(n++), calendar(field, date).cast("double"));
        }
        return out.drop(DAY);
    }

    private static Column calendar(String field, Column date) {
        return switch (field) {
            case "day-of-week" -> dayofweek(date);
            case "month" -> month(date);
            case "day-of-year" -> dayofyear(date);
            case "week-of-year" -> weekofyear(date);
            case "year" -> year(date);
            default -> throw new IllegalArgumentException("unknown calendar field " + field);
        };
    }

    @Override
    public TimeFeaturizer copy(ParamMap extra) {
        return defaultCopy(extra);
    }
}
