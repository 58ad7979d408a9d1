package io.trainyard.features.pipeline;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.StructType;

/**
 * Rewrites a vector column as dense vectors, in place.
 *
 * <p>Why it exists: {@code VectorAssembler} picks sparse or dense storage row by row, and
 * XGBoost4J-Spark 3.4 mispredicts sparse rows: its prediction path pairs a sparse row's indices with
 * the densified row's values (dmlc/xgboost#12404, fixed upstream by #12347 after 3.4). Densifying
 * before an XGBoost model makes every row reach it the way it reads right. Trainyard puts it before
 * the fitted model only (the model learns from the vectors as Spark stored them, with zeros as
 * missing); bundles trained before that densified before fitting too, with zeros as values. No Spark
 * stage does this; {@code SQLTransformer} cannot, as vector functions are not SQL functions.
 * Trainyard's own evaluation and scoring pass it over when the model counts zeros as missing, and
 * give XGBoost the stored entries instead ({@link FittedPipelines}); it stays in the pipeline for
 * Spark's own {@code transform}.
 */
public final class DenseVectorizer extends Transformer implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> column;

    public DenseVectorizer() {
        this(Identifiable$.MODULE$.randomUID("denseVectorizer"));
    }

    public DenseVectorizer(String uid) {
        this.uid = uid;
        this.column = new Param<>(this, "column", "the vector column to rewrite as dense vectors");
        setDefault(column, FeaturePipeline.FEATURES);
    }

    public static MLReader<DenseVectorizer> read() {
        return new DefaultParamsReader<>();
    }

    public static DenseVectorizer load(String path) {
        return read().load(path);
    }

    public Param<String> column() {
        return column;
    }

    public String getColumn() {
        return $(column);
    }

    public DenseVectorizer setColumn(String value) {
        set(column, value);
        return this;
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        String name = getColumn();
        if (!java.util.Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("DenseVectorizer: column '" + name + "' does not exist");
        }
        if (!(schema.apply(name).dataType() instanceof VectorUDT)) {
            throw new IllegalArgumentException("DenseVectorizer: column '" + name + "' must be a vector, found "
                    + schema.apply(name).dataType().simpleString());
        }
        return schema;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        UserDefinedFunction densify = org.apache.spark.sql.functions.udf(
                (UDF1<Vector, Vector>) v -> v == null ? null : v.toDense(), new VectorUDT());
        String name = getColumn();
        return dataset.withColumn(name, densify.apply(col(name)), dataset.schema().apply(name).metadata());
    }

    @Override
    public DenseVectorizer copy(ParamMap extra) {
        return defaultCopy(extra);
    }
}
