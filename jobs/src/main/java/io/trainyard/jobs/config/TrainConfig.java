package io.trainyard.jobs.config;

import io.trainyard.features.spec.DataSource;
import io.trainyard.features.spec.DatasetSpec;
import io.trainyard.features.spec.FeatureColumns;
import io.trainyard.features.spec.LabelSpec;
import io.trainyard.features.spec.RecommendationSpec;
import io.trainyard.features.spec.Task;
import io.trainyard.training.spec.CvSpec;
import io.trainyard.training.spec.ModelSpec;
import io.trainyard.training.spec.PromotionSpec;
import io.trainyard.training.spec.SplitSpec;
import io.trainyard.training.spec.ThresholdSpec;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A use case's config file ({@code conf/<name>.yaml}), as documented in the README. Each section
 * is a record owned by the module that uses it; each validates itself when it is built.
 */
public record TrainConfig(String name, String task, DataSource data, LabelSpec label, List<String> idColumns,
                          FeatureColumns features, SplitSpec split, CvSpec cv, List<ModelSpec> models,
                          ThresholdSpec threshold, OutputSpec output, SparkSpec spark, PromotionSpec promotion,
                          ExportSpec export, RecommendationSpec recommendation) {
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
        // the dataset's own checks (task vs recommendation section, label vs ids) fail here, at the config's line
        new DatasetSpec(data, label, idColumns, features, Task.of(task), cv.timeColumn(), recommendation);
    }

    public DatasetSpec dataset() {
        return new DatasetSpec(data, label, idColumns, features, Task.of(task), cv.timeColumn(), recommendation);
    }
}
