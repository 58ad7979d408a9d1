package io.trainyard.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.row_number;
import static io.trainyard.features.load.Columns.quote;

import io.trainyard.common.TrainyardException;
import io.trainyard.features.load.Columns;
import io.trainyard.features.load.DatasetLoader;
import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.spec.DataSource;
import io.trainyard.features.spec.Task;
import io.trainyard.serving.bundle.ModelBundle;
import io.trainyard.serving.bundle.RecommendationPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Top-N recommendations per user from a recommendation bundle. The input names users (its user
 * column); when it also has the item column, each row is an interaction the user already had, and
 * those items are never recommended back. Users seen in training get ALS's best-rated items
 * ({@code source = model}, {@code score} = the predicted rating); users it has never seen get the
 * bundle's popularity list ({@code source = popularity}, {@code score} = the share of training
 * users who rated the item relevant). Output: user, rank (1 = best), item, score, source.
 */
public final class RecommendationScorer {
    private static final String USER_INDEX = "_user";
    private static final String ITEM_INDEX = "_item";

    private final SparkSession spark;

    public RecommendationScorer(SparkSession spark) {
        this.spark = spark;
    }

    /**
     * A recommendation bundle's fitted pipeline: the user and item indexer, then ALS.
     *
     * @param indexer the user (labels 0) and item (labels 1) indexer
     * @param als the fitted model, over the indexes
     */
    public record AlsPipeline(StringIndexerModel indexer, ALSModel als) {
        public static AlsPipeline of(ModelBundle bundle) {
            return of(PipelineModel.load(bundle.sparkModelDir().toString()), bundle.dir());
        }

        /** The pipeline's two parts; a data error naming {@code bundleDir} when it is not that pipeline. */
        public static AlsPipeline of(PipelineModel model, Path bundleDir) {
            Transformer[] stages = model.stages();
            if (!(stages[0] instanceof StringIndexerModel indexer)
                    || !(stages[stages.length - 1] instanceof ALSModel als)) {
                throw TrainyardException.data("Bundle " + bundleDir + " is not a recommendation pipeline (user and item"
                        + " indexer, then ALS); retrain it with task: recommendation");
            }
            return new AlsPipeline(indexer, als);
        }
    }

    /** The recommendations of every distinct user of {@code input}, not yet stamped. */
    public Dataset<Row> recommend(ModelBundle bundle, DataSource input) {
        RecommendationPolicy policy = policy(bundle);
        DatasetLoader loader = new DatasetLoader(spark);
        boolean history = Arrays.asList(loader.read(input).columns()).contains(policy.itemColumn());
        List<String> ids = history ? List.of(policy.userColumn(), policy.itemColumn()) : List.of(policy.userColumn());
        return recommend(AlsPipeline.of(bundle), policy, loader.loadForScoring(input, new DatasetSchema(ids, List.of(),
                List.of(), "", null, null, Task.RECOMMENDATION, null, null, null)));
    }

    public static RecommendationPolicy policy(ModelBundle bundle) {
        return ModelBundle.read(bundle.dir().resolve(RecommendationPolicy.FILE), RecommendationPolicy.class);
    }

    /**
     * As above, for loaded rows: the user column as text and, optionally, the item column (items the
     * user already had).
     */
    public Dataset<Row> recommend(AlsPipeline pipeline, RecommendationPolicy policy, Dataset<Row> input) {
        StringIndexerModel indexer = pipeline.indexer();
        ALSModel als = pipeline.als();
        String user = policy.userColumn();
        String item = policy.itemColumn();
        boolean history = Arrays.asList(input.columns()).contains(item);
        Dataset<Row> rows = input.filter(col(quote(user)).isNotNull());
        Dataset<Row> users = rows.select(col(quote(user))).distinct()
                .join(labels(indexer.labelsArray()[0], user, USER_INDEX), user, "left");
        Dataset<Row> seen = history ? rows.select(col(quote(user)), col(quote(item))).filter(col(quote(item)).isNotNull())
                .distinct() : rows.select(col(quote(user)), lit(null).cast("string").as(item)).limit(0);
        int extra = maxPerUser(seen, user);
        Dataset<Row> known = users.join(als.userFactors().select(col("id").as(USER_INDEX)), USER_INDEX);
        Dataset<Row> fromModel = als.recommendForUserSubset(known.select(USER_INDEX), policy.topN() + extra)
                .select(col(USER_INDEX), posexplode(col("recommendations")))
                .select(col(USER_INDEX), col("col." + ITEM_INDEX).as(ITEM_INDEX), col("col.rating").cast("double").as("score"))
                .join(known, USER_INDEX)
                .join(labels(indexer.labelsArray()[1], item, ITEM_INDEX), ITEM_INDEX)
                .select(col(quote(user)), col(quote(item)), col("score"), lit("model").as("source"));
        Dataset<Row> fromPopularity = users.join(known.select(USER_INDEX), Columns.seq(USER_INDEX), "left_anti")
                .select(col(quote(user))).crossJoin(popular(policy, item, policy.topN() + extra))
                .withColumn("source", lit("popularity"));
        return top(fromModel.unionByName(fromPopularity.select(col(quote(user)), col(quote(item)), col("score"),
                col("source"))), seen, policy);
    }

    /** Every candidate minus the seen items, ranked per user by score (ties by item), the first N kept. */
    private static Dataset<Row> top(Dataset<Row> candidates, Dataset<Row> seen, RecommendationPolicy policy) {
        String user = policy.userColumn();
        String item = policy.itemColumn();
        Column rank = row_number().over(Window.partitionBy(col(quote(user))).orderBy(col("score").desc(), col(quote(item))));
        return candidates.join(seen, Columns.seq(user, item), "left_anti")
                .withColumn("rank", rank).filter(col("rank").leq(policy.topN()))
                .select(col(quote(user)), col("rank"), col(quote(item)), col("score"), col("source"));
    }

    private static int maxPerUser(Dataset<Row> seen, String user) {
        Row most = seen.groupBy(col(quote(user))).count().agg(max(col("count"))).first();
        return most.isNullAt(0) ? 0 : (int) most.getLong(0);
    }

    /** The indexer's labels as (label, index) rows: index i is the i-th label, as the indexer assigned it. */
    private Dataset<Row> labels(String[] labels, String column, String index) {
        List<Row> rows = new ArrayList<>(labels.length);
        for (int i = 0; i < labels.length; i++) {
            rows.add(RowFactory.create(labels[i], i));
        }
        return spark.createDataFrame(rows, new StructType().add(column, DataTypes.StringType)
                .add(index, DataTypes.IntegerType));
    }

    private Dataset<Row> popular(RecommendationPolicy policy, String item, int count) {
        List<Row> rows = new ArrayList<>();
        for (RecommendationPolicy.PopularItem popular : policy.popular().subList(0, Math.min(count, policy.popular().size()))) {
            rows.add(RowFactory.create(popular.item(), popular.score()));
        }
        return spark.createDataFrame(rows, new StructType().add(item, DataTypes.StringType)
                .add("score", DataTypes.DoubleType));
    }
}
