package io.trainyard.features.pipeline;

import static io.trainyard.features.load.Columns.quote;
import io.trainyard.common.TrainyardException;
import io.trainyard.features.spec.DerivedFeatures;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.PolynomialExpansion;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.VectorAssembler;

/**
 * The stages of {@link DerivedFeatures}, all Spark's own, so they are saved in the fitted pipeline
 * and recomputed by scoring from the raw columns: ratios as a {@link SQLTransformer} before
 * imputation, interactions as a {@link SQLTransformer} of imputed columns, polynomial terms as a
 * {@link VectorAssembler} and {@link PolynomialExpansion}. None has an ONNX converter yet: a bundle
 * using them serves through Spark.
 */
final class DerivedStages {
    static final String POLYNOMIAL = "_polynomial";

    private DerivedStages() {
    }

    /** Adds the ratio stage; returns the new numeric columns, to impute like the others. */
    static List<String> ratios(List<PipelineStage> stages, DerivedFeatures derived, List<String> numeric) {
        if (derived.ratios().isEmpty()) {
            return List.of();
        }
        List<String> select = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < derived.ratios().size(); i++) {
            DerivedFeatures.Ratio ratio = derived.ratios().get(i);
            String where = "features.derived.ratios[" + i + "]";
            require(ratio.numerator(), numeric, where + ".numerator");
            require(ratio.denominator(), numeric, where + ".denominator");
            if (numeric.contains(ratio.name())) {
                throw TrainyardException.usage(where + ".name: '" + ratio.name() + "' is already a column; pick"
                        + " another name");
            }
            select.add("CAST(" + quote(ratio.numerator()) + " AS DOUBLE) / NULLIF(CAST(" + quote(ratio.denominator())
                    + " AS DOUBLE), 0) AS " + quote(ratio.name()));
            names.add(ratio.name());
        }
        stages.add(new SQLTransformer().setStatement("SELECT *, " + String.join(", ", select) + " FROM __THIS__"));
        return names;
    }

    /**
     * Adds the interaction and polynomial stages over {@code ready} (numeric feature → its imputed
     * column); returns the columns to assemble.
     */
    static List<String> products(List<PipelineStage> stages, DerivedFeatures derived, Map<String, String> ready) {
        List<String> assembled = new ArrayList<>();
        if (!derived.interactions().isEmpty()) {
            List<String> select = new ArrayList<>();
            for (int i = 0; i < derived.interactions().size(); i++) {
                List<String> columns = derived.interactions().get(i);
                columns.forEach(c -> require(c, ready.keySet(), "features.derived.interactions"));
                String name = "_" + String.join("_x_", columns);
                select.add(columns.stream().map(c -> quote(ready.get(c))).collect(Collectors.joining(" * ")) + " AS "
                        + quote(name));
                assembled.add(name);
            }
            stages.add(new SQLTransformer().setStatement("SELECT *, " + String.join(", ", select) + " FROM __THIS__"));
        }
        DerivedFeatures.Polynomial polynomial = derived.polynomial();
        if (polynomial != null) {
            polynomial.columns().forEach(c -> require(c, ready.keySet(), "features.derived.polynomial.columns"));
            stages.add(new VectorAssembler().setInputCols(polynomial.columns().stream().map(ready::get)
                    .toArray(String[]::new)).setOutputCol(POLYNOMIAL + "_input"));
            stages.add(new PolynomialExpansion().setInputCol(POLYNOMIAL + "_input").setOutputCol(POLYNOMIAL)
                    .setDegree(polynomial.degree()));
            assembled.add(POLYNOMIAL);
        }
        return assembled;
    }

    private static void require(String column, Collection<String> numeric, String where) {
        if (!numeric.contains(column)) {
            throw TrainyardException.usage(where + ": '" + column + "' is not a numeric feature; use one of "
                    + String.join(", ", numeric));
        }
    }
}
