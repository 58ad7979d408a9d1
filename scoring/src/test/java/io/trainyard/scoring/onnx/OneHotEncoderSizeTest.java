package io.trainyard.scoring.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.features.testing.SparkSessionExtension;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.OneHotEncoderModel;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The converter's vector size is the one Spark produces, for every dropLast x handleInvalid pair. */
class OneHotEncoderSizeTest {
    @ParameterizedTest
    @CsvSource({"true,keep", "false,keep", "true,error", "false,error"})
    void encodedSizeIsTheVectorSizeSparkProduces(boolean dropLast, String handleInvalid) {
        SparkSession spark = SparkSessionExtension.session();
        Dataset<Row> rows = spark.sql("select * from values ('a'), ('b'), ('b'), ('c') as t(c)");
        Dataset<Row> indexed = new StringIndexer().setInputCol("c").setOutputCol("i").setHandleInvalid(handleInvalid)
                .fit(rows).transform(rows);
        OneHotEncoderModel encoder = new OneHotEncoder().setInputCol("i").setOutputCol("v").setDropLast(dropLast)
                .setHandleInvalid(handleInvalid).fit(indexed);

        Vector first = encoder.transform(indexed).first().getAs("v");

        assertThat(OneHotEncoderModelConverter.encodedSize(encoder.categorySizes()[0], dropLast,
                "keep".equals(handleInvalid))).isEqualTo(first.size());
    }
}
