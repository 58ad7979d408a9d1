package io.trainyard.training.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.pipeline.DenseVectorizer;
import io.trainyard.features.pipeline.FeaturePipeline;
import io.trainyard.features.spec.Task;
import io.trainyard.features.testing.SparkSessionExtension;
import io.trainyard.training.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class CandidateTest {
    private static final int CATEGORIES = 25;
    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.IntegerType)
            .add(FeaturePipeline.FEATURES, SQLDataTypes.VectorType())
            .add(DatasetSchema.LABEL, DataTypes.DoubleType);

    private final SparkSession spark;

    CandidateTest(SparkSession spark) {
        this.spark = spark;
    }

    /** A count that is often zero, a uniform value, and a one-hot category; stored sparse or dense. */
    private Dataset<Row> rows(boolean sparse) {
        Random random = new Random(11);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            double count = random.nextInt(4);
            double uniform = random.nextDouble();
            int category = random.nextInt(CATEGORIES);
            double[] x = new double[2 + CATEGORIES];
            x[0] = count;
            x[1] = uniform;
            x[2 + category] = 1.0;
            double logit = (count == 0 ? 1.5 : -0.5) + (category < 5 ? 1.0 : -1.0) + uniform;
            double label = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1.0 : 0.0;
            Vector v = sparse ? Vectors.dense(x).toSparse() : Vectors.dense(x);
            rows.add(RowFactory.create(i, v, label));
        }
        return spark.createDataFrame(rows, SCHEMA);
    }

    @Test
    void xgboostLearnsFromSparkVectorsAsStoredAndPredictsTheSameForSparseAndDenseRows() {
        Candidate xgboost = ModelCatalogue.candidates(List.of(new ModelSpec("xgboost",
                Map.of("num-round", 15, "max-depth", 3), null)),
                new ModelFamily.FamilyContext(7L, 1, Task.BINARY)).get(0);
        PipelineModel model = xgboost.fit(List.of(), rows(true));

        assertThat(model.stages()).hasSize(2);
        assertThat(model.stages()[0]).isInstanceOf(DenseVectorizer.class);
        XGBoostClassificationModel fitted = (XGBoostClassificationModel) model.stages()[1];
        assertThat(fitted.getOrDefault(fitted.getParam("missing"))).isEqualTo(0.0f);

        // XGBoost4J-Spark 3.4 mispredicts sparse rows (dmlc/xgboost#12404); the model's own densifying stage
        // makes how Spark stored a row irrelevant
        List<Row> fromSparse = model.transform(rows(true)).orderBy("id").select("probability").collectAsList();
        List<Row> fromDense = model.transform(rows(false)).orderBy("id").select("probability").collectAsList();
        double separation = 0;
        for (int i = 0; i < fromSparse.size(); i++) {
            double p = fromSparse.get(i).<Vector>getAs(0).apply(1);
            assertThat(p).isCloseTo(fromDense.get(i).<Vector>getAs(0).apply(1), within(1e-7));
            separation = Math.max(separation, Math.abs(p - 0.5));
        }
        assertThat(separation).as("the model learnt something").isGreaterThan(0.2);
    }

    @Test
    void xgboostSplitsOnCategorySetsWhenTheVectorMarksSlotsNominal() {
        Random random = new Random(3);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            int category = random.nextInt(12);
            double value = random.nextDouble();
            // categories 0, 5 and 9 (not a range: only a set split separates them in one node) are mostly positive
            double p = (category == 0 || category == 5 || category == 9 ? 0.85 : 0.15);
            rows.add(RowFactory.create(i, Vectors.dense(value, category), random.nextDouble() < p ? 1.0 : 0.0));
        }
        org.apache.spark.ml.attribute.Attribute[] slots = {
            org.apache.spark.ml.attribute.NumericAttribute.defaultAttr().withName("value"),
            org.apache.spark.ml.attribute.NominalAttribute.defaultAttr().withName("category").withNumValues(12)};
        org.apache.spark.sql.types.Metadata marked = new org.apache.spark.ml.attribute.AttributeGroup(
                FeaturePipeline.FEATURES, slots).toMetadata();
        Dataset<Row> data = spark.createDataFrame(rows, SCHEMA).withColumn(FeaturePipeline.FEATURES,
                org.apache.spark.sql.functions.col(FeaturePipeline.FEATURES).as(FeaturePipeline.FEATURES, marked));
        Candidate xgboost = ModelCatalogue.candidates(List.of(new ModelSpec("xgboost",
                Map.of("num-round", 5, "max-depth", 1), null)), new ModelFamily.FamilyContext(7L, 1, Task.BINARY)).get(0);

        PipelineModel model = xgboost.fit(List.of(), data);
        XGBoostClassificationModel fitted = (XGBoostClassificationModel) model.stages()[1];
        assertThat((String[]) fitted.getOrDefault(fitted.getParam("feature_types"))).containsExactly("q", "c");
        assertThat((Float) fitted.getOrDefault(fitted.getParam("missing"))).isNaN();
        // depth-1 trees: only a set split on the category puts 0, 5 and 9 together on one side
        double in = 0;
        double out = 0;
        for (Row row : model.transform(data.filter("id < 200")).select(FeaturePipeline.FEATURES, "probability")
                .collectAsList()) {
            double category = row.<Vector>getAs(0).apply(1);
            double p = row.<Vector>getAs(1).apply(1);
            if (category == 0 || category == 5 || category == 9) {
                in = Math.max(in, 1 - p);
            } else {
                out = Math.max(out, p);
            }
        }
        assertThat(Math.max(in, out)).as("every row on the side of its category's set").isLessThan(0.5);
    }
}
