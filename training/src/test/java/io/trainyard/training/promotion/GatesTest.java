package io.trainyard.training.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.training.spec.PromotionSpec;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class GatesTest {
    @Test
    void aChallengerBelowTheFloorFails() {
        List<Gates.Result> results = Gates.evaluate(new PromotionSpec("auc", 0.9, null), 0.85, OptionalDouble.empty());
        assertThat(Gates.allPassed(results)).isFalse();
        assertThat(Gates.describe(results)).containsEntry("min", "FAIL: auc 0.8500 >= 0.9000")
                .containsEntry("min-gain", "pass: no champion yet");
    }

    @Test
    void theGainIsMeasuredAgainstTheChampion() {
        PromotionSpec spec = new PromotionSpec("auc", null, 0.01);
        assertThat(Gates.allPassed(Gates.evaluate(spec, 0.905, OptionalDouble.of(0.90)))).isFalse();
        assertThat(Gates.allPassed(Gates.evaluate(spec, 0.911, OptionalDouble.of(0.90)))).isTrue();
        assertThat(Gates.describe(Gates.evaluate(spec, 0.905, OptionalDouble.of(0.90))))
                .containsEntry("min-gain", "FAIL: auc 0.9050 vs champion 0.9000: gain +0.0050, needed +0.0100");
    }

    @Test
    void floatingPointNoiseDoesNotCountAsARegression() {
        PromotionSpec spec = new PromotionSpec("auc", null, 0.0);
        assertThat(Gates.allPassed(Gates.evaluate(spec, 0.81 - 1e-15, OptionalDouble.of(0.81)))).isTrue();
        assertThat(Gates.allPassed(Gates.evaluate(spec, 0.81 - 1e-6, OptionalDouble.of(0.81)))).isFalse();
    }

    @Test
    void lowerIsBetterForLogLoss() {
        PromotionSpec spec = new PromotionSpec("log-loss", 0.3, 0.0);
        assertThat(Gates.allPassed(Gates.evaluate(spec, 0.25, OptionalDouble.of(0.27)))).isTrue();
        assertThat(Gates.allPassed(Gates.evaluate(spec, 0.28, OptionalDouble.of(0.27)))).isFalse();
        assertThat(Gates.allPassed(Gates.evaluate(spec, 0.31, OptionalDouble.empty()))).isFalse();
    }
}
