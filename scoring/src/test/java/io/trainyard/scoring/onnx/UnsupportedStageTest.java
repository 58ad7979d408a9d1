package io.trainyard.scoring.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.common.TrainyardException;
import io.trainyard.features.testing.SparkSessionExtension;
import io.trainyard.serving.bundle.Signature;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.Binarizer;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class UnsupportedStageTest {
    @Test
    void anUnsupportedStageNamesItsClassAndTheSupportedList() {
        SparkSession spark = SparkSessionExtension.session();
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {
            new Binarizer().setInputCol("x").setOutputCol("b")}).fit(spark.sql("select cast(1.0 as double) as x"));
        Signature signature = new Signature(List.of(new Signature.Input("x", "double", Signature.ROLE_NUMERIC, null)),
                "y", null, null, "error", List.of());

        assertThatThrownBy(() -> new OnnxExporter().export(model, signature, new OnnxProvenance("m", "id", "v")))
                .isInstanceOf(TrainyardException.class)
                .hasMessageStartingWith("Transformer class org.apache.spark.ml.feature.Binarizer is not supported")
                .hasMessageContaining("ONNX export supports: ImputerModel, StringIndexerModel, OneHotEncoderModel,")
                .hasMessageContaining("LogisticRegressionModel, DecisionTreeClassificationModel,")
                .hasMessageContaining("GBTClassificationModel, XGBoostClassificationModel,")
                .hasMessageContaining("RegexTokenizer, StopWordsRemover, CountVectorizerModel, IDFModel")
                .hasMessageEndingWith("GBTRegressionModel, XGBoostRegressionModel");
        assertThat(ConverterRegistry.standard().supportedClasses())
                .contains("org.apache.spark.ml.classification.LogisticRegressionModel");
    }
}
