package io.trainyard.scoring.onnx;

import org.apache.spark.ml.Transformer;

/**
 * Converts one fitted Spark stage class into ONNX nodes: reads its input columns from the
 * context, adds nodes, and registers its output columns under their Spark names.
 *
 * @param <T> the exact Spark class converted
 */
interface StageConverter<T extends Transformer> {
    Class<T> stageClass();

    void convert(T stage, ConversionContext context);
}
