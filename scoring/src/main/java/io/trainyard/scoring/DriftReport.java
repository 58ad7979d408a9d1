package io.trainyard.scoring;

import io.trainyard.features.drift.DriftProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The population stability index of every profiled feature: PSI = Σ (a − e) ln(a / e) over the
 * bins of the training profile, a and e the scored and training shares (floored at 1e-4 so an
 * empty bin does not make it infinite). Rule of thumb: below 0.1 stable, above 0.25 shifted.
 *
 * @param psi per feature, in profile order
 */
public record DriftReport(Map<String, Double> psi) {
    static final double FLOOR = 1e-4;

    public DriftReport {
        psi = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(psi));
    }

    static DriftReport of(DriftProfile profile, Map<String, long[]> counts) {
        Map<String, Double> psi = new LinkedHashMap<>();
        for (DriftProfile.Feature feature : profile.features()) {
            long[] actual = counts.get(feature.name());
            if (actual != null) {
                psi.put(feature.name(), psi(feature.expected(), actual));
            }
        }
        return new DriftReport(psi);
    }

    static double psi(List<Double> expected, long[] actual) {
        long total = 0;
        for (long count : actual) {
            total += count;
        }
        if (total == 0) {
            return 0.0;
        }
        double sum = 0.0;
        for (int i = 0; i < actual.length; i++) {
            double e = Math.max(expected.get(i), FLOOR);
            double a = Math.max(actual[i] / (double) total, FLOOR);
            sum += (a - e) * Math.log(a / e);
        }
        return sum;
    }

    /** The largest PSI, 0 when nothing was profiled. */
    public double max() {
        return psi.values().stream().mapToDouble(Double::doubleValue).max().orElse(0.0);
    }

    /** {@code feature PSI 0.412} for every feature above {@code bound}, worst first. */
    public List<String> exceeding(double bound) {
        List<Map.Entry<String, Double>> over = new ArrayList<>();
        psi.entrySet().stream().filter(e -> e.getValue() > bound).forEach(over::add);
        over.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        return over.stream().map(e -> String.format(Locale.ROOT, "%s PSI %.3f", e.getKey(), e.getValue())).toList();
    }
}
