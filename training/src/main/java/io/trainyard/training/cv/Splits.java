package io.trainyard.training.cv;

import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.ntile;
import static org.apache.spark.sql.functions.percent_rank;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.shiftleft;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;
import static io.trainyard.features.load.Columns.quote;

import io.trainyard.features.load.DatasetSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Holdout split and fold assignment by a seeded hash of each row's key, not by a random draw:
 * a row lands in the same holdout on every run, whatever the partitioning of the input, so models
 * trained on different days are compared on the same holdout rows (stratified folds: see
 * {@link #assignFolds}).
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
     * Adds {@link #FOLD}. Stratified: each class's rows are dealt round-robin into folds, so every
     * fold's class counts differ by at most one; otherwise the fold is the hash modulo k.
     *
     * <p>The stratified deal goes through the rows where they are, without a shuffle: each
     * partition's rows sorted by class and a seeded hash of their key (rows whose hashes agree in all
     * but the last bits keep their order in the partition), the partitions one after
     * another, each class's count in the partitions before from one small job. So the folds are
     * fixed by the seed and by {@code training}'s partitions, which must be the same on every
     * evaluation (cached, as the trainer's split is, or read from the same files with the same
     * cores). A deal in one global order per class (a window per class) would not depend on the
     * partitioning, but it sorts each class in one task and shuffles the rows twice (there, and to
     * spread the classes over the cores again): measured 3.4 s of the 1M-row airline benchmark's
     * job (its cache filled), against ~1.3 s this way (the counts 0.15 s, the sort with the cache 1.15 s).
     */
    public static Dataset<Row> assignFolds(Dataset<Row> training, List<String> keys, int folds, boolean stratified,
                                           long seed) {
        if (!stratified) {
            return training.withColumn(FOLD, pmod(hash(seed + 1, keys), lit(folds)).cast("int"));
        }
        String label = quote(DatasetSchema.LABEL);
        List<Row> counts = training.groupBy(spark_partition_id().as("p"), col(label).as("c")).count().collectAsList();
        // the classes (the label is a double: a class's index) in ascending order, as the sort below puts them
        double[] classes = counts.stream().mapToDouble(r -> ((Number) r.get(1)).doubleValue()).distinct().sorted()
                .toArray();
        Column classIndex = array_position(lit(classes), col(label).cast("double")).minus(1);
        int partitions = counts.stream().mapToInt(r -> r.getInt(0)).max().orElse(0) + 1;
        // a row's index among its class's rows, over all partitions, is its position in its partition plus
        // delta[partition x classes + class]: its class's rows in the partitions before, less the rows of
        // smaller classes sorted before it in its own partition
        List<long[]> cells = counts.stream().map(r -> new long[] {r.getInt(0),
                Arrays.binarySearch(classes, ((Number) r.get(1)).doubleValue()), r.getLong(2)})
                .sorted(Comparator.<long[]>comparingLong(c -> c[0]).thenComparingLong(c -> c[1])).toList();
        long[] delta = new long[partitions * classes.length];
        long[] before = new long[classes.length];
        long[] within = new long[partitions];
        for (long[] cell : cells) {
            int p = (int) cell[0];
            int c = (int) cell[1];
            delta[p * classes.length + c] = before[c] - within[p];
            before[c] += cell[2];
            within[p] += cell[2];
        }
        Column partition = spark_partition_id();
        // monotonically_increasing_id holds the partition in its upper 31 bits and the row's position in the lower 33
        // (it counts on at each evaluation: referenced once)
        Column position = monotonically_increasing_id().minus(shiftleft(partition.cast("long"), 33));
        // no entry: the rows are not partitioned as they were when counted (not cached, say); say so, never a null fold
        Column shift = coalesce(element_at(lit(delta),
                partition.multiply(classes.length).plus(classIndex).plus(1).cast("int")),
                raise_error(lit("stratified folds: the training rows' partitioning changed between counting and dealing"
                        + " them; cache the rows first")));
        Column index = position.plus(shift);
        // one long to sort by, the class in its top bits and the seeded hash's top bits below: Spark radix-sorts
        // such a key, where a sort by (class, hash) compares whole rows (two classes tie the first key everywhere)
        int classBits = 64 - Long.numberOfLeadingZeros(Math.max(classes.length - 1, 1));
        Column order = shiftleft(classIndex.cast("long"), 63 - classBits)
                .plus(shiftrightunsigned(hash(seed + 1, keys), classBits + 1));
        return training.sortWithinPartitions(order).withColumn(FOLD, pmod(index, lit((long) folds)).cast("int"));
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
