package io.trainyard.training.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.trainyard.features.drift.DriftProfile;
import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.spec.DatasetSpec;
import io.trainyard.features.time.TimeFeaturizer;
import io.trainyard.features.load.LoadedDataset;
import io.trainyard.serving.bundle.BundleManifest;
import io.trainyard.serving.bundle.ModelBundle;
import io.trainyard.serving.bundle.RecommendationPolicy;
import io.trainyard.serving.bundle.Signature;
import io.trainyard.training.TrainRequest;
import io.trainyard.training.TrainResult;
import io.trainyard.training.metrics.Curves;
import io.trainyard.training.metrics.HoldoutEvaluation;
import io.trainyard.training.plots.FeatureImportance;
import io.trainyard.training.plots.TaskPlots;
import io.trainyard.features.spec.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Writes a model bundle (layout in DESIGN.md) into a staging folder beside its target, seals it
 * with checksums, and only then swaps it into place, so a reader sees the old bundle or the new
 * one, never a half-written one.
 */
public final class BundleWriter {
    private final TrainRequest request;
    private final LoadedDataset data;
    private final PipelineModel model;
    private final Curves curves;
    private final List<double[]> points;
    private Double threshold;
    private DriftProfile driftProfile;
    private RecommendationPolicy recommendations;
    private double confusionThreshold = Double.NaN;
    private long[] thresholdConfusion;

    /** A binary bundle whose plots come from {@code curves}. */
    public BundleWriter(TrainRequest request, LoadedDataset data, PipelineModel model, Curves curves) {
        this.request = request;
        this.data = data;
        this.model = model;
        this.curves = curves;
        this.points = List.of();
    }

    /** A bundle of any task, plotted from the holdout evaluation. */
    public BundleWriter(TrainRequest request, LoadedDataset data, PipelineModel model, HoldoutEvaluation holdout) {
        this.request = request;
        this.data = data;
        this.model = model;
        this.curves = holdout.curves();
        this.points = holdout.points();
    }

    /** Adds {@code drift_profile.json}: the training distribution scoring compares its input with. */
    public BundleWriter driftProfile(DriftProfile profile) {
        this.driftProfile = profile;
        return this;
    }

    /** A binary model's holdout counts (tp, fp, tn, fn) at its chosen decision threshold, for the confusion plot. */
    public BundleWriter confusionAt(double threshold, long[] counts) {
        this.confusionThreshold = threshold;
        this.thresholdConfusion = counts.clone();
        return this;
    }

    /** A recommendation bundle also carries what scoring needs: columns, top N, the cold-start fallback. */
    public BundleWriter withRecommendations(RecommendationPolicy policy) {
        this.recommendations = policy;
        return this;
    }

    /** Writes, seals and publishes the bundle at {@code target}; returns its content id. */
    public String publish(TrainResult result, Path target) {
        Path staging = target.resolveSibling("." + target.getFileName() + ".staging-" + UUID.randomUUID());
        try {
            Files.createDirectories(staging);
            threshold = result.threshold() == null ? null : result.threshold().threshold();
            model.write().save(staging.resolve(ModelBundle.SPARK_MODEL_DIR).toString());
            ModelBundle.writeJson(staging.resolve(ModelBundle.SIGNATURE_FILE), signature());
            ModelBundle.writeJson(staging.resolve(ModelBundle.METRICS_FILE), MetricsReport.of(request, data, result));
            Files.writeString(staging.resolve("config.yaml"), request.resolvedConfig());
            if (driftProfile != null) {
                ModelBundle.writeJson(staging.resolve(DriftProfile.FILE), driftProfile);
            }
            if (recommendations != null) {
                ModelBundle.writeJson(staging.resolve(RecommendationPolicy.FILE), recommendations);
            }
            DatasetSpec dataset = request.dataset();
            if (dataset.timeColumn() != null && dataset.features().time() != null) {
                TimeFeaturizer.forRawColumns(dataset.features().time(), dataset.timeColumn(), dataset.label().column())
                        .write().save(staging.resolve(TimeFeaturizer.BUNDLE_DIR).toString());
            }
            DatasetSchema schema = data.schema();
            FeatureImportance importance = FeatureImportance.of(model, data.frame().schema()).orElse(null);
            if (importance != null) {
                ModelBundle.writeJson(staging.resolve(FeatureImportance.FILE), importance);
            }
            TaskPlots.write(staging.resolve("plots"), request.name(),
                    new HoldoutEvaluation(result.holdout(), curves, points, result.baseline()),
                    new TaskPlots.Extras(schema.task() == Task.BINARY ? List.of(String.valueOf(schema.negativeClass()),
                            String.valueOf(schema.positiveClass())) : null, confusionThreshold, thresholdConfusion,
                            importance));
            String createdAt = Instant.now().toString();
            Files.writeString(staging.resolve(ModelBundle.MLMODEL_FILE), mlmodel(schema, createdAt));
            BundleManifest manifest = ModelBundle.seal(staging, new BundleManifest(BundleManifest.FORMAT_VERSION,
                    null, request.name(), taskName(schema.task()), result.cv().best().candidate().family(), createdAt,
                    request.trainyardVersion(), org.apache.spark.package$.MODULE$.SPARK_VERSION(), request.runId(),
                    request.configHash(), Map.of()));
            Publisher.swapInto(staging, target);
            return manifest.id();
        } catch (IOException e) {
            Publisher.deleteQuietly(staging);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            Publisher.deleteQuietly(staging);
            throw e;
        }
    }

    /**
     * Writes the holdout rows as Parquet at {@code target}, staged and swapped like the bundle: a file
     * per partition of {@code rows}, written in parallel (one file by one task took 0.5-1.3 s of
     * 200,000 airline rows; readers read the folder).
     */
    public static void writeHoldout(Dataset<Row> rows, Path target) {
        Path staging = target.resolveSibling("." + target.getFileName() + ".staging-" + UUID.randomUUID());
        try {
            rows.write().mode(SaveMode.ErrorIfExists).parquet(staging.toString());
            Publisher.swapInto(staging, target);
        } catch (IOException e) {
            Publisher.deleteQuietly(staging);
            throw new UncheckedIOException(e);
        }
    }

    /** Per categorical input column, the categories its fitted indexer knows, most frequent first. */
    public static Map<String, List<String>> categories(PipelineModel model) {
        Map<String, List<String>> categories = new LinkedHashMap<>();
        for (Transformer stage : model.stages()) {
            if (stage instanceof StringIndexerModel indexer) {
                String[] inputs = indexer.getInputCols();
                for (int i = 0; i < inputs.length; i++) {
                    categories.put(inputs[i], List.of(indexer.labelsArray()[i]));
                }
            }
        }
        return categories;
    }

    Signature signature() {
        DatasetSchema schema = data.schema();
        Map<String, List<String>> categories = categories(model);
        List<Signature.Input> inputs = new ArrayList<>();
        if (schema.task() == Task.RECOMMENDATION) {
            inputs.add(new Signature.Input(schema.idColumns().get(0), "string", Signature.ROLE_USER, null));
            inputs.add(new Signature.Input(schema.idColumns().get(1), "string", Signature.ROLE_ITEM, null));
        } else {
            schema.idColumns().forEach(c -> inputs.add(new Signature.Input(c, "string", Signature.ROLE_ID, null)));
        }
        schema.categorical().forEach(c -> inputs.add(new Signature.Input(c, "string", Signature.ROLE_CATEGORICAL,
                categories.get(c))));
        schema.numeric().forEach(c -> inputs.add(new Signature.Input(c, "double", Signature.ROLE_NUMERIC, null)));
        schema.text().forEach(c -> inputs.add(new Signature.Input(c, "string", Signature.ROLE_TEXT, null)));
        List<String> outputs = switch (schema.task()) {
            case REGRESSION -> List.of("prediction");
            case RECOMMENDATION -> List.of(schema.idColumns().get(0), "rank", schema.idColumns().get(1), "score", "source");
            default -> List.of("prediction", "probability");
        };
        return new Signature(inputs, schema.labelColumn(), schema.positiveClass(), schema.negativeClass(),
                request.dataset().features().missing(), outputs, schema.task().key(), schema.classes(), threshold);
    }

    /** The manifest's task name: binary-classification (as before tasks), multiclass-classification, regression. */
    static String taskName(Task task) {
        return switch (task) {
            case BINARY -> "binary-classification";
            case MULTICLASS -> "multiclass-classification";
            case REGRESSION -> "regression";
            case RECOMMENDATION -> "recommendation";
        };
    }

    /** The MLflow signature's outputs, as the JSON MLflow writes. */
    private static String outputs(DatasetSchema schema) {
        return switch (schema.task()) {
            case REGRESSION -> "[{\"name\": \"prediction\", \"type\": \"double\"}]";
            case RECOMMENDATION -> "[{\"name\": \"" + schema.idColumns().get(0) + "\", \"type\": \"string\"},"
                    + " {\"name\": \"rank\", \"type\": \"integer\"}, {\"name\": \"" + schema.idColumns().get(1)
                    + "\", \"type\": \"string\"}, {\"name\": \"score\", \"type\": \"double\"},"
                    + " {\"name\": \"source\", \"type\": \"string\"}]";
            default -> "[{\"name\": \"prediction\", \"type\": \"string\"}, {\"name\": \"probability\","
                    + " \"type\": \"double\"}]";
        };
    }

    /** MLflow's MLmodel file with the spark flavor, so MLflow tooling recognizes the bundle. */
    private String mlmodel(DatasetSchema schema, String createdAt) throws IOException {
        List<Map<String, String>> inputs = new ArrayList<>();
        signature().inputs().forEach(i -> inputs.add(Map.of("name", i.name(), "type", i.type())));
        YAMLMapper yaml = new YAMLMapper();
        Map<String, Object> spark = new LinkedHashMap<>();
        spark.put("pyspark_version", org.apache.spark.package$.MODULE$.SPARK_VERSION());
        spark.put("model_data", ModelBundle.SPARK_MODEL_DIR);
        spark.put("model_class", PipelineModel.class.getName());
        Map<String, Object> signature = new LinkedHashMap<>();
        signature.put("inputs", new ObjectMapper().writeValueAsString(inputs));
        signature.put("outputs", outputs(schema));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("artifact_path", "model");
        root.put("flavors", Map.of("spark", spark));
        root.put("signature", signature);
        root.put("utc_time_created", createdAt);
        if (request.runId() != null) {
            root.put("run_id", request.runId());
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("trainyard_version", request.trainyardVersion());
        metadata.put("model_name", request.name());
        metadata.put("task", schema.task().key());
        metadata.put("label", schema.labelColumn());
        if (schema.positiveClass() != null) {
            metadata.put("positive_class", schema.positiveClass());
        }
        root.put("metadata", metadata);
        return yaml.writeValueAsString(root);
    }
}
