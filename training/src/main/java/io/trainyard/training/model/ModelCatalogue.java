package io.trainyard.training.model;

import io.trainyard.common.Suggestions;
import io.trainyard.common.TrainyardException;
import io.trainyard.training.spec.ModelSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;

/** Turns the {@code models} section of a config into bound candidates, one per grid point. */
public final class ModelCatalogue {
    private static final Map<String, ModelFamily> FAMILIES = new LinkedHashMap<>();

    static {
        for (ModelFamily family : Families.ALL) {
            FAMILIES.put(family.name(), family);
        }
    }

    private ModelCatalogue() {
    }

    public static List<String> families() {
        return List.copyOf(FAMILIES.keySet());
    }

    /** The families that can learn {@code task}. */
    public static List<String> families(io.trainyard.features.spec.Task task) {
        return FAMILIES.values().stream().filter(f -> f.tasks().contains(task)).map(ModelFamily::name).toList();
    }

    /** Every candidate of every model spec, validated before any Spark job runs. */
    public static List<Candidate> candidates(List<ModelSpec> specs, ModelFamily.FamilyContext context) {
        if (specs.isEmpty()) {
            throw TrainyardException.usage("models: at least one model family is needed, e.g. "
                    + "models: [{family: logistic-regression}]; families: " + String.join(", ", families()));
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            candidates.addAll(candidates(specs.get(i), "models[" + i + "]", context));
        }
        return candidates;
    }

    private static List<Candidate> candidates(ModelSpec spec, String where, ModelFamily.FamilyContext context) {
        ModelFamily family = FAMILIES.get(spec.family());
        if (family == null) {
            throw TrainyardException.usage(where + ".family: unknown model family '" + spec.family() + "'"
                    + Suggestions.didYouMean(spec.family(), FAMILIES.keySet()) + " Families: "
                    + String.join(", ", families()));
        }
        if (!family.tasks().contains(context.task())) {
            throw TrainyardException.usage(where + ".family: " + family.name() + " cannot learn task "
                    + context.task().key() + " (it learns " + family.tasks().stream().map(t -> t.key()).toList()
                    + "); families for " + context.task().key() + ": " + String.join(", ", families(context.task())));
        }
        Estimator<?> prototype = family.prototype(context);
        ParamMap fixed = new ParamMap();
        spec.params().forEach((key, raw) -> bind(prototype, fixed, key, raw, where + ".params." + key));
        Estimator<?> base = prototype.copy(fixed);

        List<Map<String, Object>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Object>> axis : spec.grid().entrySet()) {
            List<Map<String, Object>> expanded = new ArrayList<>();
            for (Map<String, Object> point : points) {
                for (Object value : axis.getValue()) {
                    Map<String, Object> next = new LinkedHashMap<>(point);
                    next.put(axis.getKey(), value);
                    expanded.add(next);
                }
            }
            points = expanded;
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Map<String, Object> point : points) {
            ParamMap grid = new ParamMap();
            point.forEach((key, raw) -> bind(base, grid, key, raw, where + ".grid." + key));
            Map<String, Object> shown = new LinkedHashMap<>(spec.params());
            shown.putAll(point);
            candidates.add(new Candidate(family, shown, base.copy(grid)));
        }
        return candidates;
    }

    private static void bind(Estimator<?> estimator, ParamMap map, String key, Object raw, String where) {
        Param<Object> param = ParamBinder.param(estimator, key, where.substring(0, where.lastIndexOf('.')));
        map.put(param, ParamBinder.value(param, raw, where));
    }
}
