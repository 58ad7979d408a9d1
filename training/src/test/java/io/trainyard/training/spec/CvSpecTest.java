package io.trainyard.training.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CvSpecTest {
    @Test
    void trainValidationIsOneSplitByRatio() {
        CvSpec spec = new CvSpec(null, null, null, "train-validation", null, null, null);
        assertThat(spec.folds()).isEqualTo(1);
        assertThat(spec.trainRatio()).isEqualTo(0.8);
        assertThat(spec.trainValidation()).isTrue();
        assertThat(new CvSpec(null, null, null).parallelism()).isEqualTo(1);
    }

    @Test
    void badParallelismRatiosAndFoldsAreRefusedWithTheFix() {
        assertThatThrownBy(() -> new CvSpec(5, null, null, "train-validation", null, null, null))
                .hasMessage("folds does not apply to strategy: train-validation (one split by train-ratio); remove folds");
        assertThatThrownBy(() -> new CvSpec(null, null, null, "train-validation", null, null, 0.3))
                .hasMessage("train-ratio must be at least 0.5 and below 1, found 0.3");
        assertThatThrownBy(() -> new CvSpec(3, null, null, null, null, null, 0.8))
                .hasMessage("train-ratio applies to strategy: train-validation only");
        assertThatThrownBy(() -> new CvSpec(3, null, null, null, null, 0, null))
                .hasMessage("parallelism must be between 1 and 64, found 0");
        assertThatThrownBy(() -> new CvSpec(3, null, null, "holdout", null, null, null))
                .hasMessage("strategy must be kfold, time or train-validation, found 'holdout'");
    }
}
