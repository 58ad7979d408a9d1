package io.trainyard.scoring;

import static io.trainyard.features.load.Columns.quote;
import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.DecisionTreeClassificationModel;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.feature.OneHotEncoderModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.DecisionTreeRegressionModel;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The last stages of a fitted pipeline, the one-hot encoding (if any), the vector assembly and the
 * model, evaluated in one function per row for bulk scoring; the stages before them run in Spark
 * as they are. The model's numbers are Spark's own: each row's feature vector goes to the model's
 * {@code predictProbability} / {@code probability2prediction} (a regressor's {@code predict}), the
 * very methods its {@code transform} calls, so the scores are Spark's: the same labels, probabilities
 * within a few ulps ({@code SparkPipelineEngineTest}; the JVM does not promise bit-equal doubles from
 * two call sites of {@code Math.exp}).
 *
 * <p>Why by hand: Spark runs each of these stages as its own user-defined function and hands a
 * serialized vector column from one to the next: every one-hot column, the assembled sparse vector
 * (which a tree then reads split by split with a binary search), the probability vector. For a
 * 20-tree GBT on 3M airline rows that was ~4 s of the 6.6 s plain transform and write
 * ({@code scripts/bench/score.sh}). Here the one-hot slots and the numbers are laid straight into one
 * feature array per task, which a tree model reads in place. No maintained library evaluates a
 * fitted Spark pipeline inside a Spark job (MLeap is a serving runtime and stopped at Spark 3.4),
 * and the ONNX engine ({@code --engine onnx}) computes in its own arithmetic, not Spark's.
 *
 * <p>Applies to the pipelines trainyard builds: the tail must be an optional
 * {@code OneHotEncoderModel} whose outputs only the assembler reads, a {@code VectorAssembler} with
 * {@code handleInvalid=error}, and one of Spark's own linear, tree-ensemble or perceptron models
 * without per-class thresholds. Anything else (text vectors before the assembler are fine) scores
 * with Spark's transform: {@link #of} returns null.
 */
final class FusedTail {
    /** Models read from a dense array reused row after row: a split reads one slot, no search. */
    private static final Set<Class<?>> TREES = Set.of(DecisionTreeClassificationModel.class,
            RandomForestClassificationModel.class, GBTClassificationModel.class, DecisionTreeRegressionModel.class,
            RandomForestRegressionModel.class, GBTRegressionModel.class);
    private static final Set<Class<?>> MODELS = Set.of(LogisticRegressionModel.class,
            MultilayerPerceptronClassificationModel.class, LinearRegressionModel.class);
    private static final int NUMBER = 0;
    private static final int ONE_HOT = 1;
    private static final int VECTOR = 2;

    private final Transformer[] before;
    /** The columns the tail reads, one per assembled input: a one-hot input's index column, else the input. */
    private final List<String> inputs;
    private final Layout layout;
    private final String stages;

    private FusedTail(Transformer[] before, List<String> inputs, Layout layout, String stages) {
        this.before = before;
        this.inputs = inputs;
        this.layout = layout;
        this.stages = stages;
    }

    /** The fused stages, for the log: {@code OneHotEncoderModel + VectorAssembler + GBTClassificationModel}. */
    @Override
    public String toString() {
        return stages;
    }

    /**
     * Where each assembled input goes. Per input: its kind ({@link #NUMBER}, {@link #ONE_HOT} or
     * {@link #VECTOR}) and, for a one-hot input, the categories the encoder was fitted on, its
     * vector's size and whether an invalid index gets the extra slot. {@code tree}: the model is a
     * tree or an ensemble of trees, which reads the features from one dense array.
     */
    private record Layout(int[] kinds, int[] categories, int[] sizes, boolean[] keepInvalid, boolean tree,
                          int numFeatures, boolean classifier) implements Serializable {
        Layout withKinds(int[] typed) {
            return new Layout(typed, categories, sizes, keepInvalid, tree, numFeatures, classifier);
        }
    }

    /** The fused tail of {@code model}, or null when its stages are not all of the kinds above. */
    static FusedTail of(PipelineModel model) {
        Transformer[] stages = model.stages();
        int n = stages.length;
        if (n < 2 || !(stages[n - 1] instanceof PredictionModel<?, ?> last) || !(stages[n - 2] instanceof VectorAssembler assembler)
                || !"error".equals(assembler.getHandleInvalid()) || !assembler.getOutputCol().equals(last.getFeaturesCol())) {
            return null;
        }
        boolean tree = TREES.contains(last.getClass());
        if ((!tree && !MODELS.contains(last.getClass())) || last.numFeatures() < 1
                || (last instanceof ProbabilisticClassificationModel<?, ?> c && c.isDefined(c.thresholds()))) {
            return null;
        }
        OneHotEncoderModel encoder = n >= 3 && stages[n - 3] instanceof OneHotEncoderModel e ? e : null;
        List<String> encoded = encoder == null ? List.of() : List.of(columns(encoder, true));
        String[] assembled = assembler.getInputCols();
        if (!Arrays.asList(assembled).containsAll(encoded)) {
            return null;
        }
        int[] kinds = new int[assembled.length];
        int[] categories = new int[assembled.length];
        int[] sizes = new int[assembled.length];
        boolean[] keep = new boolean[assembled.length];
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < assembled.length; i++) {
            int slot = encoded.indexOf(assembled[i]);
            inputs.add(slot >= 0 ? columns(encoder, false)[slot] : assembled[i]);
            kinds[i] = slot >= 0 ? ONE_HOT : NUMBER;
            if (slot >= 0) {
                categories[i] = encoder.categorySizes()[slot];
                keep[i] = "keep".equals(encoder.getHandleInvalid());
                // OneHotEncoderModel's configured sizes: "keep" adds a slot for invalid values, dropLast removes one
                sizes[i] = categories[i] + (keep[i] ? 1 : 0) - (encoder.getDropLast() ? 1 : 0);
            }
        }
        int prefix = encoder == null ? n - 2 : n - 3;
        String names = String.join(" + ", Arrays.stream(stages, prefix, n).map(s -> s.getClass().getSimpleName()).toList());
        return new FusedTail(Arrays.copyOf(stages, prefix), inputs, new Layout(kinds, categories, sizes, keep, tree,
                last.numFeatures(), last instanceof ProbabilisticClassificationModel<?, ?>), names);
    }

    private static String[] columns(OneHotEncoderModel encoder, boolean outputs) {
        if (encoder.isSet(encoder.inputCols())) {
            return outputs ? encoder.getOutputCols() : encoder.getInputCols();
        }
        return new String[] {outputs ? encoder.getOutputCol() : encoder.getInputCol()};
    }

    /**
     * {@code rows} scored: the {@code ids} columns, {@code prediction} (double: the class index or
     * the regressor's value; a classifier's only when {@code predictions}, as the bundle's threshold
     * may pick the label instead) and, for a classifier, {@code probability} (array of the class
     * probabilities).
     */
    Dataset<Row> score(PipelineModel model, Dataset<Row> rows, List<String> ids, boolean predictions) {
        model.transformSchema(rows.schema());
        Dataset<Row> out = rows;
        for (Transformer stage : before) {
            out = stage.transform(out);
        }
        List<Column> selected = new ArrayList<>();
        ids.forEach(id -> selected.add(col(quote(id))));
        StructType typed = out.schema();
        int[] kinds = layout.kinds().clone();
        for (int i = 0; i < inputs.size(); i++) {
            // as VectorAssembler reads them: vectors as they are, any other number (or boolean) as a double
            Column input = col(quote(inputs.get(i)));
            if (kinds[i] == NUMBER && typed.apply(inputs.get(i)).dataType() instanceof VectorUDT) {
                kinds[i] = VECTOR;
            }
            selected.add((kinds[i] == VECTOR ? input : input.cast(DataTypes.DoubleType)).as("_fused_" + i));
        }
        Layout typedLayout = layout.withKinds(kinds);
        Dataset<Row> input = out.select(selected.toArray(new Column[0]));
        StructType schema = new StructType();
        for (String id : ids) {
            schema = schema.add(typed.apply(id));
        }
        boolean predicted = predictions || !layout.classifier();
        if (predicted) {
            schema = schema.add("prediction", DataTypes.DoubleType, false);
        }
        if (layout.classifier()) {
            schema = schema.add("probability", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
        }
        // trees never change once fitted: one broadcast copy per executor, shared by its tasks. Other
        // models travel in each task's closure: a perceptron keeps working buffers in the model, so
        // tasks running side by side must not share one
        Transformer last = model.stages()[model.stages().length - 1];
        Object shipped = layout.tree()
                ? JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext()).broadcast(last) : last;
        return input.mapPartitions(new Partition(typedLayout, shipped, ids.size(), predicted), Encoders.row(schema));
    }

    /** One partition's rows through the tail, one feature array (or vector builder) per task. */
    private static final class Partition implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final Layout tail;
        /** The model, or a broadcast of it. */
        private final Object model;
        private final int ids;
        private final boolean predicted;

        Partition(Layout tail, Object model, int ids, boolean predicted) {
            this.tail = tail;
            this.model = model;
            this.ids = ids;
            this.predicted = predicted;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Iterator<Row> call(Iterator<Row> rows) {
            Features features = new Features(tail);
            PredictionModel<Vector, ?> predictor = (PredictionModel<Vector, ?>) (model instanceof Broadcast<?> shared
                    ? shared.value() : model);
            ProbabilisticClassificationModel<Vector, ?> classifier = tail.classifier()
                    ? (ProbabilisticClassificationModel<Vector, ?>) predictor : null;
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    Row row = rows.next();
                    Object[] out = new Object[ids + (predicted ? 1 : 0) + (classifier == null ? 0 : 1)];
                    for (int i = 0; i < ids; i++) {
                        out[i] = row.get(i);
                    }
                    Vector vector = features.of(row, ids);
                    if (classifier == null) {
                        out[ids] = predictor.predict(vector);
                    } else {
                        Vector probability = classifier.predictProbability(vector);
                        if (predicted) {
                            // Scala-protected, public in the bytecode Java sees: the method transform calls
                            out[ids] = classifier.probability2prediction(probability);
                        }
                        out[out.length - 1] = probability.toArray();
                    }
                    features.clear();
                    return RowFactory.create(out);
                }
            };
        }
    }

    /**
     * A row's feature vector as {@code VectorAssembler} makes it: every input in order, numbers one
     * slot each, one-hot and vector inputs their size. A null or NaN fails as the assembler's
     * {@code handleInvalid=error} does and an invalid index as the encoder's, in Spark's words on one
     * line (an {@code IllegalArgumentException} in the task, which reaches the driver inside Spark's
     * job failure as Spark's own exceptions do). For a tree model the values go into one dense array reused
     * row after row (the slots a row set are zeroed after it); for other models into a sparse vector
     * compressed as the assembler's.
     */
    private static final class Features {
        private final Layout tail;
        private final double[] values;
        private final int[] indices;
        private final DenseVector dense;
        private int stored;

        Features(Layout tail) {
            this.tail = tail;
            this.values = new double[tail.numFeatures()];
            this.indices = new int[tail.numFeatures()];
            this.dense = new DenseVector(values);
        }

        Vector of(Row row, int first) {
            int feature = 0;
            for (int i = 0; i < tail.kinds().length; i++) {
                int column = first + i;
                if (row.isNullAt(column)) {
                    throw new IllegalArgumentException("Encountered null while assembling a row with handleInvalid = \"error\"."
                            + " Consider removing nulls from dataset or using handleInvalid = \"keep\" or \"skip\".");
                }
                switch (tail.kinds()[i]) {
                    case NUMBER -> {
                        fits(feature, 1);
                        double value = row.getDouble(column);
                        if (Double.isNaN(value)) {
                            throw new IllegalArgumentException("Encountered NaN while assembling a row with handleInvalid ="
                                    + " \"error\". Consider removing NaNs from dataset or using handleInvalid = \"keep\""
                                    + " or \"skip\".");
                        }
                        put(feature, value);
                        feature++;
                    }
                    case ONE_HOT -> {
                        double label = row.getDouble(column);
                        int slot;
                        if (label >= 0 && label < tail.categories()[i]) {
                            slot = (int) label;
                        } else if (tail.keepInvalid()[i]) {
                            slot = tail.categories()[i];
                        } else if (label < 0) {
                            throw new IllegalArgumentException("Negative value: " + label + ". Input can't be negative."
                                    + " To handle invalid values, set Param handleInvalid to keep");
                        } else {
                            throw new IllegalArgumentException("Unseen value: " + label + ". To handle unseen values,"
                                    + " set Param handleInvalid to keep.");
                        }
                        fits(feature, tail.sizes()[i]);
                        if (slot < tail.sizes()[i]) {
                            put(feature + slot, 1.0);
                        }
                        feature += tail.sizes()[i];
                    }
                    default -> {
                        Vector vector = row.getAs(column);
                        fits(feature, vector.size());
                        if (vector instanceof SparseVector sparse) {
                            int[] at = sparse.indices();
                            double[] v = sparse.values();
                            for (int k = 0; k < at.length; k++) {
                                put(feature + at[k], v[k]);
                            }
                        } else {
                            double[] v = vector.toArray();
                            for (int k = 0; k < v.length; k++) {
                                put(feature + k, v[k]);
                            }
                        }
                        feature += vector.size();
                    }
                }
            }
            if (feature != tail.numFeatures()) {
                throw new IllegalArgumentException("the assembled feature vector has " + feature + " slots; the model was"
                        + " fitted on " + tail.numFeatures());
            }
            return tail.tree() ? dense : Vectors.sparse(feature, Arrays.copyOf(indices, stored),
                    Arrays.copyOf(values, stored)).compressed();
        }

        /**
         * Refuses a row whose vector would be longer than the model's (Spark's transform would hand it
         * over and a tree would read only its first slots): stricter than Spark, never silently wrong.
         */
        private void fits(int feature, int size) {
            if (feature + size > tail.numFeatures()) {
                throw new IllegalArgumentException("the assembled feature vector has more than the " + tail.numFeatures()
                        + " slots the model was fitted on");
            }
        }

        /** As the assembler, which stores only the values that are not 0. */
        private void put(int feature, double value) {
            if (value == 0.0) {
                return;
            }
            if (tail.tree()) {
                values[feature] = value;
                indices[stored++] = feature;
            } else {
                indices[stored] = feature;
                values[stored++] = value;
            }
        }

        /** Ready for the next row: the dense array back to zeros. */
        void clear() {
            if (tail.tree()) {
                for (int k = 0; k < stored; k++) {
                    values[indices[k]] = 0.0;
                }
            }
            stored = 0;
        }
    }
}
