package io.trainyard.training.cv;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.ntile;
import static org.apache.spark.sql.functions.percent_rank;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;
import static io.trainyard.features.load.Columns.quote;

import io.trainyard.features.load.DatasetSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Holdout split and fold assignment by a seeded hash of each row's key, not by a random draw:
 * a row lands in the same split on every run, whatever the partitioning of the input, so models
 * trained on different days are compared on the same holdout rows.
 */
public final class Splits {
    /** Fold number column, 0-based. */
    public static final String FOLD = "_fold";
    private static final long BUCKETS = 1_000_000L;

    private Splits() {
    }

    /** The columns that identify a row: the id columns, or every input column when there are none. */
    public static List<String> keyColumns(DatasetSchema schema) {
        if (!schema.idColumns().isEmpty()) {
            return schema.idColumns();
        }
        List<String> all = new ArrayList<>(schema.inputColumns());
        all.add(schema.labelColumn());
        return all;
    }

    /** {@code [training, holdout]}: about {@code fraction} of rows held out. */
    public static List<Dataset<Row>> holdout(Dataset<Row> data, List<String> keys, double fraction, long seed) {
        Column bucket = pmod(hash(seed, keys), lit(BUCKETS));
        Column held = bucket.lt(lit(Math.round(fraction * BUCKETS)));
        return List.of(data.filter(held.unary_$bang()), data.filter(held));
    }

    /**
     * Adds {@link #FOLD}. Stratified: within each class, rows ordered by hash are dealt round-robin
     * into folds, so every fold's class counts differ by at most one (each class is sorted in one
     * task: fine up to tens of millions of rows; use stratified: false beyond). Otherwise the fold
     * is the hash modulo k.
     */
    public static Dataset<Row> assignFolds(Dataset<Row> training, List<String> keys, int folds, boolean stratified,
                                           long seed) {
        if (!stratified) {
            return training.withColumn(FOLD, pmod(hash(seed + 1, keys), lit(folds)).cast("int"));
        }
        return assignFoldsWithin(training, keys, folds, DatasetSchema.LABEL, seed);
    }

    /**
     * Adds {@link #FOLD}: within each value of {@code group} (a class, a user), rows ordered by hash
     * are dealt round-robin into folds, so each group's rows spread evenly over the folds.
     */
    public static Dataset<Row> assignFoldsWithin(Dataset<Row> training, List<String> keys, int folds, String group,
                                                 long seed) {
        Column rank = row_number().over(Window.partitionBy(col(quote(group))).orderBy(hashOrder(seed + 1, keys)));
        return training.withColumn(FOLD, pmod(rank.minus(1), lit(folds)).cast("int"));
    }

    /**
     * Adds {@link #FOLD} for a single train/validation split: 0 (validation) for about
     * {@code 1 - trainRatio} of rows by a seeded hash of their key, 1 (training) for the rest; a
     * one-fold k-fold plan then validates on fold 0.
     */
    public static Dataset<Row> assignTrainValidation(Dataset<Row> training, List<String> keys, double trainRatio,
                                                     long seed) {
        Column bucket = pmod(hash(seed + 1, keys), lit(BUCKETS));
        return training.withColumn(FOLD, when(bucket.lt(lit(Math.round((1 - trainRatio) * BUCKETS))), 0).otherwise(1));
    }

    /**
     * {@code [training, holdout]} of interactions: each user's interactions, ordered by a seeded hash
     * of (user, item), give their first round(n x fraction) to the holdout, but never all n, so every
     * user keeps at least one training interaction (users with one or two interactions at 0.2 keep
     * all of them). Every user with enough history is evaluated, on items the model never saw them rate.
     */
    public static List<Dataset<Row>> interactionHoldout(Dataset<Row> data, String user, String item, double fraction,
                                                        long seed) {
        Column byUser = col(quote(user));
        Column rank = row_number().over(Window.partitionBy(byUser).orderBy(hashOrder(seed, List.of(user, item))));
        Column total = count(lit(1)).over(Window.partitionBy(byUser));
        Column held = rank.leq(least(round(total.multiply(fraction)), total.minus(1)));
        Dataset<Row> marked = data.withColumn("_held", held);
        return List.of(marked.filter(col("_held").unary_$bang()).drop("_held"), marked.filter(col("_held")).drop("_held"));
    }

    private static Column[] hashOrder(long seed, List<String> keys) {
        List<Column> order = new ArrayList<>();
        order.add(hash(seed, keys));
        keys.forEach(k -> order.add(col(quote(k))));
        return order.toArray(new Column[0]);
    }

    /**
     * {@code [training, holdout]} of a time series: the holdout is the latest {@code fraction} of
     * rows by {@link DatasetSchema#TIME}, never a random draw, so it is evaluated on its future.
     */
    public static List<Dataset<Row>> timeHoldout(Dataset<Row> data, double fraction) {
        Dataset<Row> ranked = data.withColumn("_rank", percent_rank().over(Window.orderBy(col(DatasetSchema.TIME))));
        Column held = col("_rank").geq(lit(1.0 - fraction));
        return List.of(ranked.filter(held.unary_$bang()).drop("_rank"), ranked.filter(held).drop("_rank"));
    }

    /**
     * Adds {@link #FOLD} as {@code folds + 1} consecutive time blocks of equal row counts, 0 the
     * earliest: fold f of an expanding-origin plan trains on blocks 0..f and validates on f+1.
     */
    public static Dataset<Row> assignTimeBlocks(Dataset<Row> training, int folds) {
        return training.withColumn(FOLD, ntile(folds + 1).over(Window.orderBy(col(DatasetSchema.TIME))).minus(1)
                .cast("int"));
    }

    private static Column hash(long seed, List<String> keys) {
        List<Column> columns = new ArrayList<>();
        columns.add(lit(seed));
        keys.forEach(k -> columns.add(col(quote(k))));
        return xxhash64(columns.toArray(new Column[0]));
    }
}
