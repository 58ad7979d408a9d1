package io.trainyard.features.pipeline;

import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.spec.DerivedFeatures;
import io.trainyard.features.spec.FeatureColumns;
import io.trainyard.features.spec.Task;
import io.trainyard.features.spec.TextFeatures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The preprocessing stages built from a dataset's schema: derived ratios, numeric imputation,
 * interactions and polynomial terms, categorical indexing and one-hot encoding, text terms, and
 * assembly into one feature vector. They are unfitted Spark
 * stages: cross-validation fits them on each fold's training rows only, never on all the data.
 */
public final class FeaturePipeline {
    /** The assembled feature vector every model reads. */
    public static final String FEATURES = "_features";
    /** A recommendation's user index (most active user first; unseen users get the last index). */
    public static final String USER = "_user";
    /** A recommendation's item index (most rated item first; unseen items get the last index). */
    public static final String ITEM = "_item";

    private FeaturePipeline() {
    }

    /**
     * @param schema the resolved columns
     * @param missing {@code median} or {@code mean} to impute numeric gaps; {@code error} to fail on them
     */
    /**
     * The config's ratios computed on {@code frame} by the very stage training puts in front of its
     * pipeline (a stateless {@code SQLTransformer}), so a feature table holds the values a model
     * would compute itself; returns the frame with the new columns.
     */
    public static Dataset<Row> withRatios(Dataset<Row> frame, DerivedFeatures derived, List<String> numeric) {
        List<PipelineStage> stages = new ArrayList<>();
        DerivedStages.ratios(stages, derived, numeric);
        Dataset<Row> out = frame;
        for (PipelineStage stage : stages) {
            out = ((Transformer) stage).transform(out);
        }
        return out;
    }

    public static List<PipelineStage> stages(DatasetSchema schema, String missing) {
        return stages(schema, missing, null, DerivedFeatures.none(), true);
    }

    /** The stages of {@code features}: its missing-value policy and its text settings. */
    public static List<PipelineStage> stages(DatasetSchema schema, FeatureColumns features) {
        if (schema.task() == Task.RECOMMENDATION) {
            return List.of(interactionIndexer(schema));
        }
        return stages(schema, features.missing(), features.text(), features.derived(),
                !features.indexesCategories());
    }

    /** The columns a model reads after these stages: the feature vector, or a recommendation's user and item. */
    public static List<String> modelInputs(DatasetSchema schema) {
        return schema.task() == Task.RECOMMENDATION ? List.of(USER, ITEM, DatasetSchema.LABEL)
                : List.of(FEATURES, DatasetSchema.LABEL);
    }

    /**
     * ALS needs integer ids: the user and item columns (a recommendation schema's two id columns, in
     * that order) are indexed by frequency; ids unseen in training get an index ALS has no factors
     * for, so they are cold-start rows rather than errors.
     */
    private static PipelineStage interactionIndexer(DatasetSchema schema) {
        return new StringIndexer()
                .setInputCols(schema.idColumns().toArray(new String[0]))
                .setOutputCols(new String[] {USER, ITEM})
                .setStringOrderType("frequencyDesc")
                .setHandleInvalid("keep");
    }

    private static List<PipelineStage> stages(DatasetSchema schema, String missing, TextFeatures text,
                                              DerivedFeatures derived, boolean oneHot) {
        List<PipelineStage> stages = new ArrayList<>();
        List<String> assembled = new ArrayList<>();
        List<String> numeric = new ArrayList<>(schema.numeric());
        numeric.addAll(DerivedStages.ratios(stages, derived, schema.numeric()));
        Map<String, String> ready = new LinkedHashMap<>();
        if (!numeric.isEmpty()) {
            boolean impute = !"error".equals(missing);
            String[] imputed = impute ? suffixed(numeric, "_imputed") : numeric.toArray(new String[0]);
            if (impute) {
                stages.add(new Imputer()
                        .setInputCols(numeric.toArray(new String[0]))
                        .setOutputCols(imputed)
                        .setStrategy(missing));
            }
            for (int i = 0; i < imputed.length; i++) {
                ready.put(numeric.get(i), imputed[i]);
            }
            assembled.addAll(List.of(imputed));
        }
        assembled.addAll(DerivedStages.products(stages, derived, ready));
        if (!schema.categorical().isEmpty()) {
            String[] indexed = suffixed(schema.categorical(), "_index");
            String[] encoded = suffixed(schema.categorical(), "_onehot");
            // 'keep' gives unseen and missing categories their own index instead of failing a scoring job
            stages.add(new StringIndexer()
                    .setInputCols(schema.categorical().toArray(new String[0]))
                    .setOutputCols(indexed)
                    .setStringOrderType("frequencyDesc")
                    .setHandleInvalid("keep"));
            if (oneHot) {
                stages.add(new OneHotEncoder()
                        .setInputCols(indexed)
                        .setOutputCols(encoded)
                        .setDropLast(true)
                        .setHandleInvalid("keep"));
                assembled.addAll(List.of(encoded));
            } else {
                // one slot per column holding the index; its nominal metadata marks it categorical
                assembled.addAll(List.of(indexed));
            }
        }
        if (!schema.text().isEmpty()) {
            assembled.addAll(TextStages.add(stages, schema.text(), text));
        }
        stages.add(new VectorAssembler()
                .setInputCols(assembled.toArray(new String[0]))
                .setOutputCol(FEATURES)
                .setHandleInvalid("error"));
        return stages;
    }

    private static String[] suffixed(List<String> columns, String suffix) {
        return columns.stream().map(c -> "_" + c + suffix).toArray(String[]::new);
    }
}
