package io.trainyard.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.trainyard.features.drift.DriftProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftReportTest {
    private static final DriftProfile PROFILE = new DriftProfile(100, List.of(
            new DriftProfile.Feature("x", DriftProfile.NUMERIC, List.of(1.0), null, List.of(0.5, 0.5, 0.0)),
            new DriftProfile.Feature("c", DriftProfile.CATEGORICAL, null, List.of("a"), List.of(0.8, 0.2, 0.0))));

    @Test
    void anUnchangedDistributionHasZeroPsi() {
        DriftReport report = DriftReport.of(PROFILE, Map.of("x", new long[] {50, 50, 0}, "c", new long[] {8, 2, 0}));
        assertThat(report.psi().get("x")).isCloseTo(0.0, within(1e-12));
        assertThat(report.psi().get("c")).isCloseTo(0.0, within(1e-12));
        assertThat(report.exceeding(0.25)).isEmpty();
    }

    @Test
    void psiIsTheSumOverBinsOfShareDifferenceTimesLogRatio() {
        DriftReport report = DriftReport.of(PROFILE, Map.of("x", new long[] {20, 80, 0}, "c", new long[] {8, 2, 0}));
        double expected = (0.2 - 0.5) * Math.log(0.2 / 0.5) + (0.8 - 0.5) * Math.log(0.8 / 0.5);
        assertThat(report.psi().get("x")).isCloseTo(expected, within(1e-12));
        assertThat(report.max()).isCloseTo(expected, within(1e-12));
        assertThat(report.exceeding(0.25)).containsExactly(String.format(java.util.Locale.ROOT, "x PSI %.3f", expected));
    }

    @Test
    void aBinEmptyInTrainingIsFlooredNotInfinite() {
        DriftReport report = DriftReport.of(PROFILE, Map.of("x", new long[] {40, 40, 20}, "c", new long[] {8, 2, 0}));
        assertThat(report.psi().get("x")).isFinite().isGreaterThan(0.25);
    }
}
