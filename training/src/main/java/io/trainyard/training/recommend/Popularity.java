package io.trainyard.training.recommend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static io.trainyard.features.load.Columns.quote;

import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.spec.RecommendationSpec;
import io.trainyard.serving.bundle.RecommendationPolicy;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The cold-start fallback: items ranked by the share of training users who rated them relevant
 * (ties by item id, so the order is stable). Computed on the training split only.
 */
public final class Popularity {
    /** Items kept: enough for any top N plus the items a new user's input shows they rated. */
    public static final int MAX_ITEMS = 1000;

    private Popularity() {
    }

    public static RecommendationPolicy policy(Dataset<Row> train, RecommendationSpec spec) {
        String user = spec.userColumn();
        String item = spec.itemColumn();
        long users = train.select(col(quote(user))).distinct().count();
        Dataset<Row> liked = spec.relevantMin() == null ? train
                : train.filter(col(DatasetSchema.LABEL).geq(spec.relevantMin()));
        List<RecommendationPolicy.PopularItem> popular = new ArrayList<>();
        for (Row row : liked.groupBy(col(quote(item)).as("item")).agg(countDistinct(col(quote(user))).as("users"))
                .orderBy(col("users").desc(), col("item")).limit(MAX_ITEMS).collectAsList()) {
            popular.add(new RecommendationPolicy.PopularItem(row.getString(0), (double) row.getLong(1) / users));
        }
        return new RecommendationPolicy(user, item, spec.topN(), popular);
    }
}
