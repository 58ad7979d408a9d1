package io.trainyard.scoring.onnx;

import io.trainyard.features.pipeline.DenseVectorizer;

/** {@link DenseVectorizer}: ONNX tensors are always dense, so the column stays as it is. */
final class DenseVectorizerConverter implements StageConverter<DenseVectorizer> {
    @Override
    public Class<DenseVectorizer> stageClass() {
        return DenseVectorizer.class;
    }

    @Override
    public void convert(DenseVectorizer stage, ConversionContext context) {
        context.put(stage.getColumn(), context.column(stage.getColumn()));
    }
}
