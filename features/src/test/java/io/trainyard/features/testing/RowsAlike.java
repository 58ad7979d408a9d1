package io.trainyard.features.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import scala.collection.Seq;

/**
 * Compares rows computed along two code paths (Spark's transform and trainyard's own, say). Doubles
 * and floats may differ by at most {@link #MAX_ULPS} units in the last place of the larger of the
 * two: the JVM does not promise bit-equal results from two call sites of {@code Math.exp} or of a
 * BLAS loop (each may be compiled differently, per run and per CPU), so bit-equality of doubles
 * across code paths can fail by chance. Everything else (strings, integers, counts, vector sizes and
 * kinds, nulls, row lengths) must be equal exactly; so must integer-valued doubles such as predicted
 * labels, which lie far more than a few ulps apart.
 */
public final class RowsAlike {
    /** A few ulps: what two evaluations of the same formula may differ by; a real bug differs by far more. */
    public static final int MAX_ULPS = 8;

    private RowsAlike() {
    }

    /** Asserts the two lists hold alike rows in the same order; the message names the first difference and counts them. */
    public static void assertRowsAlike(List<Row> actual, List<Row> expected, String what) {
        assertThat(actual).as("%s: rows", what).hasSameSizeAs(expected);
        List<String> differences = new ArrayList<>();
        double maxUlps = 0;
        for (int i = 0; i < actual.size(); i++) {
            Difference difference = new Difference();
            compare(actual.get(i), expected.get(i), "row " + i, difference);
            if (difference.where != null) {
                differences.add(difference.where);
            }
            maxUlps = Math.max(maxUlps, difference.ulps);
        }
        assertThat(differences).as("%s: %d of %d rows differ beyond %d ulps (largest seen %.0f ulps); first: %s",
                what, differences.size(), actual.size(), MAX_ULPS, maxUlps,
                differences.isEmpty() ? "" : differences.get(0)).isEmpty();
    }

    /** Units in the last place between two doubles, measured at the larger magnitude; NaN equals NaN. */
    public static double ulps(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) && Double.isNaN(b) ? 0 : Double.POSITIVE_INFINITY;
        }
        if (a == b) {
            return 0;
        }
        if (Double.isInfinite(a) || Double.isInfinite(b)) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.abs(a - b) / Math.ulp(Math.max(Math.abs(a), Math.abs(b)));
    }

    private static final class Difference {
        String where;
        double ulps;

        void note(String path, Object actual, Object expected) {
            if (where == null) {
                where = path + ": " + actual + " vs " + expected;
            }
        }
    }

    private static void compare(Object actual, Object expected, String path, Difference difference) {
        if (actual == null || expected == null) {
            if (actual != expected) {
                difference.note(path, actual, expected);
            }
        } else if (actual instanceof Double && expected instanceof Double) {
            note(ulps((Double) actual, (Double) expected), path, difference, actual, expected);
        } else if (actual instanceof Float && expected instanceof Float) {
            float a = (Float) actual;
            float e = (Float) expected;
            note(floatUlps(a, e), path, difference, a, e);
        } else if (actual instanceof Row && expected instanceof Row) {
            Row a = (Row) actual;
            Row e = (Row) expected;
            if (a.length() != e.length()) {
                difference.note(path + " length", a.length(), e.length());
                return;
            }
            for (int i = 0; i < a.length(); i++) {
                compare(a.get(i), e.get(i), path + "[" + i + "]", difference);
            }
        } else if (actual instanceof Vector && expected instanceof Vector) {
            if (actual.getClass() != expected.getClass() || ((Vector) actual).size() != ((Vector) expected).size()) {
                difference.note(path, actual, expected);
                return;
            }
            elements(((Vector) actual).toArray(), ((Vector) expected).toArray(), path, difference);
        } else if (actual instanceof Seq && expected instanceof Seq) {
            Seq<?> a = (Seq<?>) actual;
            Seq<?> e = (Seq<?>) expected;
            if (a.length() != e.length()) {
                difference.note(path + " length", a.length(), e.length());
                return;
            }
            for (int i = 0; i < a.length(); i++) {
                compare(a.apply(i), e.apply(i), path + "[" + i + "]", difference);
            }
        } else if (!actual.equals(expected)) {
            difference.note(path, actual, expected);
        }
    }

    private static void elements(double[] actual, double[] expected, String path, Difference difference) {
        for (int i = 0; i < actual.length; i++) {
            note(ulps(actual[i], expected[i]), path + "[" + i + "]", difference, actual[i], expected[i]);
        }
    }

    /** Units in the last place between two floats, in the float's own ulps. */
    static double floatUlps(float a, float b) {
        if (Float.isNaN(a) || Float.isNaN(b) || Float.isInfinite(a) || Float.isInfinite(b) || a == b) {
            return ulps(a, b) == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs((double) a - b) / Math.ulp(Math.max(Math.abs(a), Math.abs(b)));
    }

    private static void note(double ulps, String path, Difference difference, Object actual, Object expected) {
        if (ulps > 0 && ulps < Double.POSITIVE_INFINITY) {
            difference.ulps = Math.max(difference.ulps, ulps);
        }
        if (ulps > MAX_ULPS) {
            difference.note(path, actual, expected);
        }
    }
}
