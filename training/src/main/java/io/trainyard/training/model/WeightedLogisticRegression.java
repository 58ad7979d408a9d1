package io.trainyard.training.model;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;

import io.trainyard.features.load.DatasetSchema;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Spark's logistic regression with class weights from config ({@code class-weight: balanced}):
 * each row is weighted n / (k x n_class), as scikit-learn's "balanced", so every class weighs the
 * same in the loss however rare it is. The weights are computed at fit time from the rows being
 * fitted (a fold's training rows, never its validation rows) and passed through Spark's
 * {@code weightCol}; the fitted model is Spark's own {@link LogisticRegressionModel}, so scoring
 * and the ONNX export are unchanged. {@code none} (the default) fits unweighted.
 */
public final class WeightedLogisticRegression extends LogisticRegression {
    private static final long serialVersionUID = 1L;
    static final String NONE = "none";
    static final String BALANCED = "balanced";
    private static final String WEIGHT = "_class_weight";

    private final Param<String> classWeight = new Param<>(this, "classWeight",
            "class weights: none (every row weighs 1) or balanced (n / (classes x rows of the class))",
            ParamValidators.inArray(List.of(NONE, BALANCED)));

    public WeightedLogisticRegression() {
        this(Identifiable$.MODULE$.randomUID("logreg"));
    }

    public WeightedLogisticRegression(String uid) {
        super(uid);
        setDefault(classWeight, NONE);
    }

    public Param<String> classWeight() {
        return classWeight;
    }

    @Override
    public LogisticRegressionModel fit(Dataset<?> dataset) {
        if (NONE.equals($(classWeight))) {
            return super.fit(dataset);
        }
        Map<Integer, Long> counts = new TreeMap<>();
        for (Row row : dataset.groupBy(col(DatasetSchema.LABEL).cast("int")).count().collectAsList()) {
            counts.put(row.getInt(0), row.getLong(1));
        }
        Dataset<Row> weighted = dataset.withColumn(WEIGHT, weightOf(balanced(counts)));
        LogisticRegression plain = copyValues(new LogisticRegression(uid()), ParamMap.empty());
        return plain.setWeightCol(WEIGHT).fit(weighted);
    }

    /** Balanced weights by class index: n / (k x n_c); a class index absent from the rows gets weight 0. */
    static double[] balanced(Map<Integer, Long> counts) {
        long rows = counts.values().stream().mapToLong(Long::longValue).sum();
        int size = counts.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        double[] weights = new double[size];
        counts.forEach((label, count) -> weights[label] = (double) rows / (counts.size() * count));
        return weights;
    }

    private static Column weightOf(double[] weights) {
        Column[] values = new Column[weights.length];
        for (int i = 0; i < weights.length; i++) {
            values[i] = lit(weights[i]);
        }
        return element_at(array(values), col(DatasetSchema.LABEL).cast("int").plus(1));
    }

    @Override
    public WeightedLogisticRegression copy(ParamMap extra) {
        return defaultCopy(extra);
    }
}
