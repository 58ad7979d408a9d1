package io.trainyard.training.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.pipeline.FeaturePipeline;
import io.trainyard.features.spec.RecommendationSpec;
import io.trainyard.features.testing.SparkSessionExtension;
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

/** The top-k assembly (seen items excluded, ranked by score) and the ranking metrics, against a hand-worked example. */
@ExtendWith(SparkSessionExtension.class)
class RecommendationMetricsTest {
    private final SparkSession spark;

    RecommendationMetricsTest(SparkSession spark) {
        this.spark = spark;
    }

    private Dataset<Row> pairs(int[][] rows) {
        List<Row> out = new ArrayList<>();
        for (int[] row : rows) {
            out.add(RowFactory.create(row[0], row[1]));
        }
        return spark.createDataFrame(out, new StructType().add(FeaturePipeline.USER, DataTypes.IntegerType)
                .add(FeaturePipeline.ITEM, DataTypes.IntegerType));
    }

    @Test
    void precisionAndNdcgAtKMatchTheHandWorkedValues() {
        // user 1: candidates 10 (0.9), 11 (0.8), 12 (0.7), 13 (0.6); rated 10 in training; relevant 12 and 14
        // user 2: candidates 20 (0.5), 21 (0.4); relevant 20
        // user 3: no candidates at all; relevant 30
        List<Row> scored = List.of(RowFactory.create(1, 10, 0.9), RowFactory.create(1, 11, 0.8),
                RowFactory.create(1, 13, 0.6), RowFactory.create(1, 12, 0.7), RowFactory.create(2, 21, 0.4),
                RowFactory.create(2, 20, 0.5));
        Dataset<Row> recommended = spark.createDataFrame(scored, new StructType()
                .add(FeaturePipeline.USER, DataTypes.IntegerType).add(FeaturePipeline.ITEM, DataTypes.IntegerType)
                .add(RecommendationMetrics.SCORE, DataTypes.DoubleType));

        double[] ranking = RecommendationMetrics.ranking(recommended, pairs(new int[][] {{1, 10}}),
                pairs(new int[][] {{1, 12}, {1, 14}, {2, 20}, {3, 30}}), 2);

        // user 1's top 2 without the seen 10: [11, 12]: precision 1/2; DCG = 1/log2(3); ideal DCG = 1 + 1/log2(3)
        // user 2's top 2: [20, 21]: precision 1/2; NDCG 1. user 3: precision 0, NDCG 0.
        double log3 = Math.log(3) / Math.log(2);
        double ndcgUser1 = (1 / log3) / (1 + 1 / log3);
        assertThat(ranking[2]).isEqualTo(3);
        assertThat(ranking[0]).isCloseTo((0.5 + 0.5 + 0) / 3, within(1e-12));
        assertThat(ranking[1]).isCloseTo((ndcgUser1 + 1 + 0) / 3, within(1e-12));
    }

    private Dataset<Row> ratings(double[][] rows) {
        List<Row> out = new ArrayList<>();
        for (double[] row : rows) {
            out.add(RowFactory.create(row[0], row[1], row[2]));
        }
        return spark.createDataFrame(out, new StructType().add(FeaturePipeline.USER, DataTypes.DoubleType)
                .add(FeaturePipeline.ITEM, DataTypes.DoubleType).add(DatasetSchema.LABEL, DataTypes.DoubleType));
    }

    @Test
    void theBaselinesPredictTheMeanRatingAndOfferTheMostPopularUnseenItems() {
        // training (user, item, rating), relevant from 4: items 1 and 2 are each liked by two users; mean 22/6
        Dataset<Row> train = ratings(new double[][] {{1, 1, 5}, {1, 2, 4}, {2, 1, 5}, {2, 3, 2}, {3, 2, 5}, {3, 1, 1}});
        // held out: user 4 and item 9 were never seen (no rating error for them); user 3 has nothing relevant
        Dataset<Row> valid = ratings(new double[][] {{1, 3, 5}, {2, 2, 4}, {3, 3, 1}, {4, 1, 5}, {1, 9, 5}});

        RecommendationScores baseline = RecommendationMetrics.baseline(train, valid,
                new RecommendationSpec("user", "item", 2, 4.0, 10));

        // errors 5 - 22/6, 4 - 22/6, 1 - 22/6 = 4/3, 1/3, -8/3: RMSE sqrt((16 + 1 + 64) / 9 / 3), MAE 13/9
        assertThat(baseline.ratings().rows()).isEqualTo(3);
        assertThat(baseline.ratings().rmse()).isCloseTo(Math.sqrt(3), within(1e-12));
        assertThat(baseline.ratings().mae()).isCloseTo(13.0 / 9, within(1e-12));
        // user 1 rated both popular items: an empty list (0, 0); user 2 gets [2], relevant {2}: precision 1/2, NDCG 1
        assertThat(baseline.rankedUsers()).isEqualTo(2);
        assertThat(baseline.precisionAtK()).isCloseTo(0.25, within(1e-12));
        assertThat(baseline.ndcgAtK()).isCloseTo(0.5, within(1e-12));
    }
}
