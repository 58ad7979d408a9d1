package io.trainyard.scoring.onnx;

import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.shared.HasInputCol;
import org.apache.spark.ml.param.shared.HasInputCols;
import org.apache.spark.ml.param.shared.HasOutputCol;
import org.apache.spark.ml.param.shared.HasOutputCols;

/** The input and output columns of a stage that works on one column or on several. */
final class StageColumns {
    private StageColumns() {
    }

    static <T extends Params & HasInputCol & HasInputCols> String[] inputs(T stage) {
        return stage.isSet(stage.inputCols()) ? stage.getInputCols() : new String[] {stage.getInputCol()};
    }

    static <T extends Params & HasOutputCol & HasOutputCols> String[] outputs(T stage) {
        return stage.isSet(stage.outputCols()) ? stage.getOutputCols() : new String[] {stage.getOutputCol()};
    }
}
