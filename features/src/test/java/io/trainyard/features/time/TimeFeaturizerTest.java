package io.trainyard.features.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.features.spec.TimeFeatures;
import io.trainyard.features.testing.SparkSessionExtension;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The time features as a stage over a raw series (text dates, a target with empty days to forecast), saved and loaded. */
@ExtendWith(SparkSessionExtension.class)
class TimeFeaturizerTest {
    private final SparkSession spark;

    TimeFeaturizerTest(SparkSession spark) {
        this.spark = spark;
    }

    /** Day i of 2020 has riders 10 * i as text (as a CSV is read); the last 3 days are unknown (to forecast). */
    private Dataset<Row> series() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(RowFactory.create(LocalDate.of(2020, 1, 1).plusDays(i).toString(), i < 37 ? String.valueOf(10 * i)
                    : null));
        }
        return spark.createDataFrame(rows, new StructType().add("date", DataTypes.StringType)
                .add("riders (k)", DataTypes.StringType));
    }

    @Test
    void aSavedStageComputesTheSameFeaturesFromTheRawSeriesAfterLoading(@TempDir Path dir) throws Exception {
        TimeFeaturizer featurizer = TimeFeaturizer.forRawColumns(
                new TimeFeatures(3, List.of(3, 7), List.of(2), List.of("day-of-week", "month"), 7), "date", "riders (k)");
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {featurizer}).fit(series());
        model.write().save(dir.resolve("model").toString());
        PipelineModel loaded = PipelineModel.load(dir.resolve("model").toString());

        assertThat(featurizer.outputColumns()).containsExactly("riders__k__lag_3", "riders__k__lag_7",
                "riders__k__mean_2d", "day_of_week", "month");
        List<Row> before = model.transform(series()).orderBy("date").collectAsList();
        List<Row> after = loaded.transform(series()).orderBy("date").collectAsList();
        assertThat(after).isEqualTo(before);
        // 2020-01-11 is day 10: lag 3 = day 7 (70), lag 7 = day 3 (30), mean over days 6..7 (2 days ending 3 back) = 65
        Row day10 = after.get(10);
        assertThat(day10.<Double>getAs("riders__k__lag_3")).isEqualTo(70.0);
        assertThat(day10.<Double>getAs("riders__k__lag_7")).isEqualTo(30.0);
        assertThat(day10.<Double>getAs("riders__k__mean_2d")).isEqualTo(65.0);
        assertThat(day10.<Double>getAs("day_of_week")).isEqualTo(7.0); // a Saturday (1 = Sunday)
        assertThat(day10.<Double>getAs("month")).isEqualTo(1.0);
        // the days to forecast read only known history: the last (day 39) lags to day 36
        assertThat(after.get(39).<Double>getAs("riders__k__lag_3")).isEqualTo(360.0);
        // too early for a lag: null, never a value from another day
        assertThat(after.get(2).<Double>getAs("riders__k__lag_3")).isNull();
    }

    @Test
    void aSeriesWithoutItsDateColumnIsRefusedByName() {
        TimeFeaturizer featurizer = TimeFeaturizer.forRawColumns(
                new TimeFeatures(1, List.of(1), List.of(), List.of(), 7), "day", "riders (k)");
        assertThatThrownBy(() -> featurizer.transform(series()))
                .hasMessage("TimeFeaturizer: column 'day' does not exist");
    }
}
