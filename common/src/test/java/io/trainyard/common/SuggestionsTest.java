package io.trainyard.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    @Test
    void suggestsTheClosestNameForATypo() {
        assertThat(Suggestions.nearest("holdout-fracton", List.of("seed", "holdout-fraction")))
                .contains("holdout-fraction");
        assertThat(Suggestions.didYouMean("churnn", List.of("state", "churn")))
                .isEqualTo("; did you mean 'churn'?");
        assertThat(Suggestions.nearest("max-iterations", List.of("max-iter", "tol"))).contains("max-iter");
    }

    @Test
    void staysSilentWhenNothingIsClose() {
        assertThat(Suggestions.nearest("xyz", List.of("holdout-fraction", "seed"))).isEmpty();
        assertThat(Suggestions.didYouMean("banana", List.of())).isEmpty();
    }

    @Test
    void distanceCountsEdits() {
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("same", "same")).isZero();
    }

    @Test
    void categoriesMapToTheDocumentedExitCodes() {
        assertThat(TrainyardException.usage("x").exitCode()).isEqualTo(2);
        assertThat(TrainyardException.data("x").exitCode()).isEqualTo(3);
        assertThat(new TrainyardException(ErrorCategory.TRACKING_UNREACHABLE, "x").exitCode()).isEqualTo(4);
        assertThat(new TrainyardException(ErrorCategory.GATE_REFUSED, "x").exitCode()).isEqualTo(5);
        assertThat(TrainyardException.internal("x", null).exitCode()).isEqualTo(1);
    }
}
