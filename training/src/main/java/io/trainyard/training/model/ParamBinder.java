package io.trainyard.training.model;

import io.trainyard.common.Suggestions;
import io.trainyard.common.TrainyardException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.FloatParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * Binds kebab-case config params ({@code max-iter}, {@code max-depth}) to the typed params of a
 * Spark estimator ({@code maxIter}; XGBoost's booster params use native names like
 * {@code max_depth}). Unknown names, wrong types and values the param rejects fail with the config
 * path, the param's own documentation and the nearest valid name, unlike XGBoost's habit of
 * ignoring unknown names silently.
 */
final class ParamBinder {
    /** Columns are wired by trainyard; letting config move them would break the pipeline. */
    private static final Set<String> RESERVED = Set.of("featuresCol", "labelCol", "predictionCol", "probabilityCol",
            "rawPredictionCol", "featuresCols", "layers", "userCol", "itemCol", "ratingCol", "coldStartStrategy", "weightCol");

    private ParamBinder() {
    }

    /** The estimator's param named by a kebab-case key, or a usage error naming {@code where}. */
    static Param<Object> param(Params estimator, String key, String where) {
        for (String name : List.of(camel(key), key.replace('-', '_'))) {
            if (estimator.hasParam(name) && !RESERVED.contains(name)) {
                Param<Object> param = estimator.getParam(name);
                return param;
            }
        }
        List<String> known = new ArrayList<>();
        for (Param<?> p : estimator.params()) {
            if (!RESERVED.contains(p.name())) {
                known.add(kebab(p.name()));
            }
        }
        throw TrainyardException.usage(where + "." + key + ": unknown parameter for "
                + estimator.getClass().getSimpleName() + Suggestions.didYouMean(key, known)
                + " Known: " + String.join(", ", known.stream().sorted().toList()));
    }

    /** Converts a YAML value to the param's type and checks it against the param's own validator. */
    static Object value(Param<Object> param, Object raw, String where) {
        Object value;
        try {
            value = convert(param, raw);
        } catch (ClassCastException | IllegalArgumentException e) {
            throw invalid(param, raw, where, "expected " + expectedType(param));
        }
        boolean valid;
        try {
            valid = (Boolean) param.isValid().apply(value);
        } catch (ClassCastException e) {
            valid = false;
        }
        if (!valid) {
            throw invalid(param, raw, where, param.doc());
        }
        return value;
    }

    private static Object convert(Param<Object> param, Object raw) {
        if (raw == null) {
            throw new IllegalArgumentException("null");
        }
        if (param instanceof IntParam) {
            return integral(raw).intValue();
        } else if (param instanceof LongParam) {
            return integral(raw).longValue();
        } else if (param instanceof DoubleParam) {
            return ((Number) raw).doubleValue();
        } else if (param instanceof FloatParam) {
            return ((Number) raw).floatValue();
        } else if (param instanceof BooleanParam) {
            return (Boolean) raw;
        } else if ((Object) param instanceof IntArrayParam) {
            return ((List<?>) raw).stream().mapToInt(v -> integral(v).intValue()).toArray();
        } else if ((Object) param instanceof DoubleArrayParam) {
            return ((List<?>) raw).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
        }
        if (raw instanceof String || raw instanceof Number || raw instanceof Boolean) {
            return raw instanceof String ? raw : raw.toString();
        }
        throw new IllegalArgumentException("unsupported");
    }

    private static Number integral(Object raw) {
        Number number = (Number) raw;
        if (number.doubleValue() != Math.rint(number.doubleValue())) {
            throw new IllegalArgumentException("not an integer");
        }
        return number;
    }

    private static String expectedType(Param<?> param) {
        if (param instanceof IntParam || param instanceof LongParam) {
            return "an integer";
        } else if (param instanceof DoubleParam || param instanceof FloatParam) {
            return "a number";
        } else if (param instanceof BooleanParam) {
            return "true or false";
        } else if ((Object) param instanceof IntArrayParam) {
            return "a list of integers, e.g. [32, 16]";
        } else if ((Object) param instanceof DoubleArrayParam) {
            return "a list of numbers";
        }
        return "a string";
    }

    private static TrainyardException invalid(Param<?> param, Object raw, String where, String expectation) {
        return TrainyardException.usage(where + ": value " + raw + " is not valid for " + param.name() + " ("
                + expectation + ")");
    }

    static String camel(String kebab) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-' || c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    static String kebab(String name) {
        return name.replace('_', '-').replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
