package io.trainyard.training.promotion;

import io.trainyard.training.spec.PromotionSpec;
import io.trainyard.training.spec.SelectionMetric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/** Evaluates the promotion gates of a {@link PromotionSpec} on holdout metrics. */
public final class Gates {
    /**
     * Retraining the same model on the same rows reproduces its metric only up to floating-point
     * noise; a gain gate of 0 ("at least as good") must not refuse that.
     */
    static final double TOLERANCE = 1e-9;

    /**
     * One gate's outcome.
     *
     * @param gate the gate's name ({@code min}, {@code min-gain}, {@code parity})
     * @param passed whether it passed
     * @param detail the numbers, e.g. {@code auc 0.9012 >= 0.8500}
     */
    public record Result(String gate, boolean passed, String detail) {
    }

    private Gates() {
    }

    /**
     * @param challenger the challenger's holdout metric
     * @param champion the champion's on the same rows, empty when there is no champion yet
     */
    public static List<Result> evaluate(PromotionSpec spec, double challenger, OptionalDouble champion) {
        SelectionMetric metric = spec.selectionMetric();
        List<Result> results = new ArrayList<>();
        if (spec.min() != null) {
            boolean passed = metric.higherIsBetter() ? challenger >= spec.min() - TOLERANCE
                    : challenger <= spec.min() + TOLERANCE;
            results.add(new Result("min", passed, String.format(Locale.ROOT, "%s %.4f %s %.4f", metric.key(),
                    challenger, metric.higherIsBetter() ? ">=" : "<=", spec.min())));
        }
        if (champion.isPresent()) {
            double gain = metric.higherIsBetter() ? challenger - champion.getAsDouble()
                    : champion.getAsDouble() - challenger;
            results.add(new Result("min-gain", gain >= spec.minGain() - TOLERANCE, String.format(Locale.ROOT,
                    "%s %.4f vs champion %.4f: gain %+.4f, needed %+.4f", metric.key(), challenger,
                    champion.getAsDouble(), gain, spec.minGain())));
        } else {
            results.add(new Result("min-gain", true, "no champion yet"));
        }
        return results;
    }

    public static boolean allPassed(List<Result> results) {
        return results.stream().allMatch(Result::passed);
    }

    /** For the audit history: gate → "pass: detail" / "FAIL: detail". */
    public static Map<String, String> describe(List<Result> results) {
        Map<String, String> out = new LinkedHashMap<>();
        results.forEach(r -> out.put(r.gate(), (r.passed() ? "pass: " : "FAIL: ") + r.detail()));
        return out;
    }
}
