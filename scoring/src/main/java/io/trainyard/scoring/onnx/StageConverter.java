package io.trainyard.scoring.onnx;

import java.util.Optional;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Params;

/**
 * Converts one fitted Spark stage class into ONNX nodes: reads its input columns from the
 * context, adds nodes, and registers its output columns under their Spark names.
 *
 * @param <T> the exact Spark class converted
 */
interface StageConverter<T extends Transformer> {
    Class<T> stageClass();

    void convert(T stage, ConversionContext context);

    /**
     * Why a stage with these params cannot be exported, if it cannot: read from params alone, so
     * that training can ask the unfitted estimator (which shares its model's params) before fitting.
     */
    default Optional<String> refusal(Params stage) {
        return Optional.empty();
    }
}
