package io.trainyard.jobs.config;

import io.trainyard.common.Suggestions;
import io.trainyard.common.TrainyardException;
import io.trainyard.features.spec.DataSource;
import io.trainyard.features.spec.DatasetSpec;
import io.trainyard.features.spec.FeatureColumns;
import io.trainyard.features.spec.LabelSpec;
import io.trainyard.features.spec.RecommendationSpec;
import io.trainyard.features.spec.Task;
import io.trainyard.features.store.FeatureSetSpec;
import io.trainyard.training.spec.CvSpec;
import io.trainyard.training.spec.ModelSpec;
import io.trainyard.training.spec.PromotionSpec;
import io.trainyard.training.spec.SplitSpec;
import io.trainyard.training.spec.ThresholdSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A use case's config file ({@code conf/<name>.yaml}), as documented in the README. Each section
 * is a record owned by the module that uses it; each validates itself when it is built.
 */
public record TrainConfig(String name, String task, DataSource data, LabelSpec label, List<String> idColumns,
                          FeatureColumns features, SplitSpec split, CvSpec cv, List<ModelSpec> models,
                          ThresholdSpec threshold, OutputSpec output, SparkSpec spark, PromotionSpec promotion,
                          ExportSpec export, RecommendationSpec recommendation, List<FeatureSetSpec> featureSets) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public TrainConfig {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be lower-case letters, digits, '-' or '_' (e.g. churn),"
                    + " found " + (name == null ? "nothing" : "'" + name + "'"));
        }
        if (data == null) {
            throw new IllegalArgumentException("data is required, e.g. data: {path: data/samples/mlc_churn.csv}");
        }
        if (label == null) {
            throw new IllegalArgumentException("label is required, e.g. label: {column: churn, positive: \"yes\"}");
        }
        if (models == null || models.isEmpty()) {
            throw new IllegalArgumentException("models needs at least one entry, e.g. models: [{family: xgboost}]");
        }
        task = Task.of(task).key();
        idColumns = idColumns == null ? List.of() : List.copyOf(idColumns);
        features = features == null ? FeatureColumns.inferred() : features;
        split = split == null ? SplitSpec.defaults() : split;
        cv = (cv == null ? CvSpec.defaults() : cv).forTask(Task.of(task));
        models = List.copyOf(models);
        output = output == null || output.dir() == null ? new OutputSpec("out/" + name) : output;
        spark = spark == null ? SparkSpec.defaults() : spark;
        promotion = promotion == null ? PromotionSpec.defaults() : promotion;
        export = export == null ? ExportSpec.defaults() : export;
        featureSets = featureSets == null ? List.of() : List.copyOf(featureSets);
        if (features.indexesCategories()) {
            for (int i = 0; i < models.size(); i++) {
                if (!"xgboost".equals(models.get(i).family())) {
                    throw new IllegalArgumentException("features.categorical-encoding: index gives models category"
                            + " indexes, which only xgboost splits on as categories; models[" + i + "] is "
                            + models.get(i).family() + ": use categorical-encoding: one-hot, or xgboost models only");
                }
            }
        }
        Set<String> names = new HashSet<>();
        for (FeatureSetSpec set : featureSets) {
            if (!names.add(set.name())) {
                throw new IllegalArgumentException("feature-sets: the name '" + set.name() + "' is used twice");
            }
        }
        // the dataset's own checks (task vs recommendation section, label vs ids) fail here, at the config's line
        new DatasetSpec(data, label, idColumns, features, Task.of(task), cv.timeColumn(), recommendation);
    }

    /**
     * The feature set called {@code name}; with no name, the only one declared. A usage error naming
     * the declared sets otherwise.
     */
    public FeatureSetSpec featureSet(String name) {
        List<String> declared = featureSets.stream().map(FeatureSetSpec::name).toList();
        if (declared.isEmpty()) {
            throw TrainyardException.usage("The config declares no feature-sets; add one (see conf/churn.yaml and the"
                    + " README's \"Feature store\")");
        }
        if (name == null) {
            if (declared.size() > 1) {
                throw TrainyardException.usage("The config declares " + declared.size() + " feature sets ("
                        + String.join(", ", declared) + "); choose one with --feature-set");
            }
            return featureSets.get(0);
        }
        return featureSets.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> {
                    String hint = Suggestions.didYouMean(name, declared);
                    return TrainyardException.usage("Unknown feature set '" + name + "'" + (hint.isEmpty() ? ";" : hint)
                            + " the config declares " + String.join(", ", declared));
                });
    }

    public DatasetSpec dataset() {
        return new DatasetSpec(data, label, idColumns, features, Task.of(task), cv.timeColumn(), recommendation);
    }
}
