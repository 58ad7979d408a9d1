package io.trainyard.training.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model family to try, with fixed params and a grid to search.
 *
 * @param family {@code logistic-regression} or {@code xgboost}
 * @param params fixed parameters, kebab-case Spark / XGBoost names ({@code max-iter}, {@code num-round})
 * @param grid parameters to search: every combination of the listed values is one candidate
 */
public record ModelSpec(String family, Map<String, Object> params, Map<String, List<Object>> grid) {
    public ModelSpec {
        if (family == null || family.isBlank()) {
            throw new IllegalArgumentException("family is required, e.g. family: xgboost");
        }
        params = params == null ? Map.of() : new LinkedHashMap<>(params);
        grid = grid == null ? Map.of() : new LinkedHashMap<>(grid);
        for (Map.Entry<String, List<Object>> axis : grid.entrySet()) {
            if (axis.getValue() == null || axis.getValue().isEmpty()) {
                throw new IllegalArgumentException("grid." + axis.getKey() + " needs at least one value");
            }
            if (params.containsKey(axis.getKey())) {
                throw new IllegalArgumentException(axis.getKey() + " is both a fixed param and a grid axis; keep one");
            }
        }
    }
}
