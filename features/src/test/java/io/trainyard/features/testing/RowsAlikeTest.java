package io.trainyard.features.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class RowsAlikeTest {

    @Test
    void doublesAFewUlpsApartAreAlike() {
        double p = 0.9161710093980289;
        Row spark = RowFactory.create("a", 1.0, p, Vectors.dense(1 - p, p));
        Row other = RowFactory.create("a", 1.0, Math.nextUp(p), Vectors.dense(1 - Math.nextUp(p), Math.nextUp(p)));
        RowsAlike.assertRowsAlike(List.of(other), List.of(spark), "one ulp");
        assertThat(RowsAlike.ulps(p, Math.nextUp(Math.nextUp(p)))).isEqualTo(2.0);
        assertThat(RowsAlike.ulps(Double.NaN, Double.NaN)).isZero();
    }

    @Test
    void labelsKeysAndLargerDifferencesAreNot() {
        double p = 0.5;
        Row spark = RowFactory.create("a", 1.0, p);
        assertThatThrownBy(() -> RowsAlike.assertRowsAlike(List.of(RowFactory.create("a", 0.0, p)), List.of(spark),
                "label")).hasMessageContaining("1 of 1 rows differ").hasMessageContaining("row 0[1]");
        assertThatThrownBy(() -> RowsAlike.assertRowsAlike(List.of(RowFactory.create("b", 1.0, p)), List.of(spark),
                "key")).hasMessageContaining("row 0[0]");
        assertThatThrownBy(() -> RowsAlike.assertRowsAlike(List.of(RowFactory.create("a", 1.0, p + 1e-12)),
                List.of(spark), "1e-12")).hasMessageContaining("row 0[2]");
        assertThatThrownBy(() -> RowsAlike.assertRowsAlike(List.of(RowFactory.create("a", 1.0, null)),
                List.of(spark), "null")).hasMessageContaining("row 0[2]");
        assertThatThrownBy(() -> RowsAlike.assertRowsAlike(List.of(RowFactory.create(Vectors.sparse(2, new int[] {1},
                new double[] {p}))), List.of(RowFactory.create(Vectors.dense(0, p))), "kind"))
                .hasMessageContaining("row 0[0]");
    }

    @Test
    void floatsAreMeasuredInTheirOwnUlps() {
        float f = 0.3f;
        RowsAlike.assertRowsAlike(List.of(RowFactory.create(Math.nextUp(f))), List.of(RowFactory.create(f)), "float");
        assertThatThrownBy(() -> RowsAlike.assertRowsAlike(List.of(RowFactory.create(f + 1e-5f)),
                List.of(RowFactory.create(f)), "float")).hasMessageContaining("row 0[0]");
    }
}
