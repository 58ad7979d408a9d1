package io.trainyard.features.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.common.ErrorCategory;
import io.trainyard.common.TrainyardException;
import io.trainyard.features.spec.DataSource;
import io.trainyard.features.spec.DerivedFeatures;
import io.trainyard.features.testing.SparkSessionExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkSessionExtension.class)
class FeatureTableTest {
    private static final LocalDate AS_OF = LocalDate.of(2026, 11, 25);

    private final SparkSession spark;

    @TempDir
    Path temp;

    FeatureTableTest(SparkSession spark) {
        this.spark = spark;
    }

    private FeatureSetSpec churn(List<String> entity, DerivedFeatures derived) {
        return new FeatureSetSpec("churn", 2, entity, null,
                DataSource.of(SparkSessionExtension.repoFile("data/samples/mlc_churn.csv").toString(), null),
                List.of("churn"), derived, "30d", temp.resolve("table").toString());
    }

    @Test
    void aSnapshotSourceBecomesOneDatedPartitionWithTypedFeaturesAndTheTrainingRatio() {
        DerivedFeatures ratio = new DerivedFeatures(List.of(new DerivedFeatures.Ratio("charge_per_minute",
                "total_day_charge", "total_day_minutes")), null, null);

        FeatureTable.Built built = FeatureTable.build(spark, churn(List.of("customer_id"), ratio), AS_OF);

        assertThat(built.rows()).isEqualTo(5000);
        assertThat(built.entities()).isEqualTo(5000);
        assertThat(built.categorical()).containsExactly("state", "area_code", "international_plan", "voice_mail_plan");
        assertThat(built.numeric()).contains("account_length", "total_day_minutes").endsWith("charge_per_minute")
                .doesNotContain("churn", "customer_id");
        assertThat(temp.resolve("table/date=2026-11-25")).isDirectory();
        Row first = spark.read().parquet(built.path()).filter("customer_id = 'C0001'").first();
        assertThat(first.<Double>getAs("total_day_minutes")).isEqualTo(265.1);
        assertThat(first.<Double>getAs("charge_per_minute")).isCloseTo(45.07 / 265.1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(first.<String>getAs("state")).isEqualTo("KS");
        assertThat(first.<Integer>getAs(FeatureTable.VERSION)).isEqualTo(2);
        assertThat(first.<java.sql.Timestamp>getAs(FeatureTable.TIMESTAMP).toLocalDateTime().toLocalDate())
                .isEqualTo(AS_OF);
    }

    @Test
    void eventTimesAfterAsOfAreLeftOutAndLatestTakesEachEntitysNewestRow() throws IOException {
        Path source = temp.resolve("events.csv");
        Files.writeString(source, String.join("\n", "id,at,spend", "a,2026-11-20,1", "a,2026-11-24 10:00:00,2",
                "a,2026-11-26,3", "b,2026-11-21,4", ""));
        FeatureSetSpec spec = new FeatureSetSpec("spend", 1, List.of("id"), "at", DataSource.of(source.toString(), null),
                null, null, null, temp.resolve("spend").toString());

        FeatureTable.Built built = FeatureTable.build(spark, spec, AS_OF);

        assertThat(built.rows()).isEqualTo(3);
        assertThat(temp.resolve("spend/date=2026-11-24")).isDirectory();
        assertThat(temp.resolve("spend/date=2026-11-26")).doesNotExist();
        Dataset<Row> latest = FeatureTable.latest(spark, spec, null);
        assertThat(latest.orderBy("id").collectAsList()).extracting(r -> r.<Double>getAs("spend"))
                .containsExactly(2.0, 4.0);
        assertThat(FeatureTable.latest(spark, spec, LocalDate.of(2026, 11, 23)).filter("id = 'a'").first()
                .<Double>getAs("spend")).isEqualTo(1.0);
    }

    @Test
    void duplicateEntityAndTimestampRowsAreADataError() {
        assertThatThrownBy(() -> FeatureTable.build(spark, churn(List.of("state"), DerivedFeatures.none()), AS_OF))
                .isInstanceOfSatisfying(TrainyardException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.DATA))
                .hasMessageContaining("Feature set 'churn'").hasMessageContaining("more than one row per state and timestamp")
                .hasMessageContaining("deduplicate the source");
    }

    @Test
    void aMissingEntityColumnIsNamedWithTheNearestColumn() {
        assertThatThrownBy(() -> FeatureTable.build(spark, churn(List.of("customer"), DerivedFeatures.none()), AS_OF))
                .isInstanceOfSatisfying(TrainyardException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.DATA))
                .hasMessageStartingWith("Column 'customer' (feature-sets.churn.entity) not found in")
                .hasMessageContaining("did you mean 'customer_id'?");
    }

    @Test
    void aTableNotBuiltYetIsAUsageErrorSayingHowToBuildIt() {
        assertThatThrownBy(() -> FeatureTable.latest(spark, churn(List.of("customer_id"), null), null))
                .isInstanceOfSatisfying(TrainyardException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.USAGE))
                .hasMessageContaining("has no offline table at").hasMessageContaining("trainyard features build");
    }
}
