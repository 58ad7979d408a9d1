package io.trainyard.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static io.trainyard.features.load.Columns.quote;

import io.trainyard.common.TrainyardException;
import io.trainyard.features.drift.DriftProfile;
import io.trainyard.features.load.DataFingerprint;
import io.trainyard.features.load.DatasetLoader;
import io.trainyard.features.time.TimeFeaturizer;
import io.trainyard.features.load.DatasetSchema;
import io.trainyard.features.load.InputAudit;
import io.trainyard.features.spec.Task;
import io.trainyard.serving.bundle.BundleManifest;
import io.trainyard.serving.bundle.ModelBundle;
import io.trainyard.serving.bundle.Signature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Bulk scoring: verify the bundle, check the input's columns and types against its signature,
 * score on the executors, and publish stamped Parquet atomically (the whole output folder, or one
 * partition of it). Nothing is collected to the driver.
 *
 * <p>Before anything is written, one aggregation job audits the input (missing values, text in
 * numeric columns, unseen categories, drift-bin counts): invalid input is refused per policy and
 * drift beyond the bound publishes nothing, before the model runs. ({@code Dataset.observe} would
 * measure the same during the write, but its metrics are evaluated row by row outside Spark's
 * generated code, which cost more than a second, column-pruned scan; and they need not arrive.)
 *
 * <p>Output columns: what the engine returns (the id columns, {@code prediction} and, for
 * classification, {@code probability}), and the stamps {@code model_name}, {@code model_version},
 * {@code model_alias}, {@code run_id}, {@code scored_at}, {@code job_id}.
 */
public final class ScoreJob {
    private static final Logger LOG = LogManager.getLogger(ScoreJob.class);

    private final SparkSession spark;
    private final Function<ModelBundle, ScoringEngine> engines;

    /** Scoring with Spark's own pipeline. */
    public ScoreJob(SparkSession spark) {
        this(spark, SparkPipelineEngine::new);
    }

    /** Scoring with the engine {@code engines} makes for the bundle. */
    public ScoreJob(SparkSession spark, Function<ModelBundle, ScoringEngine> engines) {
        this.spark = spark;
        this.engines = engines;
    }

    public ScoreResult run(ScoreRequest request) {
        long started = System.nanoTime();
        ModelBundle bundle = ModelBundle.open(request.bundleDir());
        BundleManifest manifest = bundle.manifest();
        AtomicOutput output = new AtomicOutput(request.output(), request.partition(), request.jobId(),
                spark.sparkContext().hadoopConfiguration());
        output.claim(manifest.modelName());
        if (Task.of(bundle.signature().task()) == Task.RECOMMENDATION) {
            return recommend(request, bundle, output, started);
        }

        Signature signature = bundle.signature();
        DatasetSchema schema = schemaOf(signature);
        String path = request.input().path();
        Dataset<Row> raw = DatasetLoader.checkForScoring(
                timeFeatures(bundle, new DatasetLoader(spark).read(request.input()), path), path, schema);
        Optional<DriftProfile> profile = driftProfile(bundle);
        InputAudit audit = new InputAudit(raw, schema, knownCategories(signature), profile.orElse(null));
        ScoringEngine engine = engines.apply(bundle);
        String fingerprint = DataFingerprint.of(path, spark.sparkContext().hadoopConfiguration());

        Verdict verdict = verdict(audit, profile, request, signature, output);
        Dataset<Row> rows = audit.prepared();
        if (request.onInvalid() == InvalidRows.SKIP) {
            rows = rows.filter(col(InputAudit.INVALID).unary_$bang());
        }
        Instant scoredAt = Instant.now();
        String version = request.version() != null ? request.version() : manifest.id();
        String runId = request.runId() != null ? request.runId() : manifest.runId();
        Dataset<Row> scored = stamp(engine.score(DatasetLoader.typed(rows, schema)), manifest.modelName(),
                new String[] {version, request.alias(), runId}, scoredAt, request.jobId());
        long written = 0;
        try {
            if (verdict.refusal() == null) {
                scored.write().mode(SaveMode.ErrorIfExists).parquet(output.staging().toString());
                written = output.stagedRows();
            }
            InputAudit.Findings findings = verdict.findings();
            long rejected = request.onInvalid() == InvalidRows.SKIP ? findings.invalidRows() : 0L;
            Map<String, Double> psi = verdict.drift() == null ? Map.of() : verdict.drift().psi();
            if (verdict.refusal() == null) {
                output.publish(new OutputManifest(manifest.modelName(), manifest.modelName(), version,
                        request.alias(), runId, manifest.id(), engine.name(), written, findings.rows(), rejected,
                        path, fingerprint, request.partition(), psi, scoredAt.toString(), request.jobId()));
            } else {
                output.abandon();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            log(request, verdict, written, output, seconds);
            return new ScoreResult(output.target().toString(), request.partition(), findings.rows(),
                    verdict.refusal() == null ? written : 0L, rejected, nonZero(findings.missing()),
                    nonZero(findings.unseen()), verdict.drift(), verdict.refusal(), manifest.modelName(), version,
                    request.alias(), runId, fingerprint, scoredAt.toString(), request.jobId(), seconds);
        } catch (RuntimeException e) {
            output.abandon();
            throw e;
        }
    }

    /**
     * A time-series bundle's lag, rolling-mean and calendar features, computed by the stage it keeps
     * ({@link TimeFeaturizer}) when the input holds the series (the date and the target's history)
     * rather than the features themselves; an input that already holds them is left as it is.
     */
    static Dataset<Row> timeFeatures(ModelBundle bundle, Dataset<Row> raw, String path) {
        Path stage = bundle.dir().resolve(TimeFeaturizer.BUNDLE_DIR);
        if (!Files.isDirectory(stage)) {
            return raw;
        }
        TimeFeaturizer featurizer = TimeFeaturizer.load(stage.toString());
        List<String> columns = Arrays.asList(raw.columns());
        if (columns.containsAll(featurizer.outputColumns())) {
            return raw;
        }
        List<String> series = List.of(featurizer.getTimeColumn(), featurizer.getTargetColumn());
        if (!columns.containsAll(series)) {
            throw TrainyardException.data("Input " + path + " has neither the time features the model reads ("
                    + String.join(", ", featurizer.outputColumns()) + ") nor the series to compute them from: add the"
                    + " date column '" + series.get(0) + "' and the target '" + series.get(1) + "' (its history, empty on"
                    + " the days to forecast)");
        }
        LOG.info("time features computed from the series in {} ({} and {}): {}", path, series.get(0), series.get(1),
                featurizer.outputColumns());
        return featurizer.transform(raw);
    }

    /**
     * A recommendation bundle: the top N items of each user of the input ({@link RecommendationScorer}:
     * user, rank, item, score, source), stamped and published like any scoring output. The input is
     * a list of users (with, optionally, items to leave out), so there are no features to audit or
     * drift to weigh.
     */
    private ScoreResult recommend(ScoreRequest request, ModelBundle bundle, AtomicOutput output, long started) {
        BundleManifest manifest = bundle.manifest();
        String path = request.input().path();
        String fingerprint = DataFingerprint.of(path, spark.sparkContext().hadoopConfiguration());
        Instant scoredAt = Instant.now();
        String version = request.version() != null ? request.version() : manifest.id();
        String runId = request.runId() != null ? request.runId() : manifest.runId();
        Dataset<Row> top = new RecommendationScorer(spark).recommend(bundle, request.input());
        Signature signature = bundle.signature();
        Dataset<Row> scored = stamp(top.select(col(quote(signature.columns(Signature.ROLE_USER).get(0))), col("rank"),
                col(quote(signature.columns(Signature.ROLE_ITEM).get(0))), col("score"), col("source")),
                manifest.modelName(), new String[] {version, request.alias(), runId}, scoredAt, request.jobId());
        try {
            scored.write().mode(SaveMode.ErrorIfExists).parquet(output.staging().toString());
            long written = output.stagedRows();
            output.publish(new OutputManifest(manifest.modelName(), manifest.modelName(), version, request.alias(),
                    runId, manifest.id(), "als-top-n", written, written, 0L, path, fingerprint, request.partition(),
                    Map.of(), scoredAt.toString(), request.jobId()));
            double seconds = (System.nanoTime() - started) / 1e9;
            LOG.info("recommended {} rows (top N per user) from {} with {} {} into {} in {} s", written, path,
                    manifest.modelName(), version, output.target(), String.format(Locale.ROOT, "%.1f", seconds));
            return new ScoreResult(output.target().toString(), request.partition(), written, written, 0L, Map.of(),
                    Map.of(), null, null, manifest.modelName(), version, request.alias(), runId, fingerprint,
                    scoredAt.toString(), request.jobId(), seconds);
        } catch (RuntimeException e) {
            output.abandon();
            throw e;
        }
    }

    /** What the audit found, the drift it implies, and why not to publish (null: publish). */
    private record Verdict(InputAudit.Findings findings, DriftReport drift, String refusal) {
    }

    /** Audits the input, refuses it per policy (throws), then weighs drift against the bound. */
    private static Verdict verdict(InputAudit audit, Optional<DriftProfile> profile, ScoreRequest request,
                                   Signature signature, AtomicOutput output) {
        long started = System.nanoTime();
        InputAudit.Findings findings = audit.aggregate();
        LOG.info("input audit: {} rows, {} with missing, unparsable or unseen values, in {} s", findings.rows(),
                findings.invalidRows(), String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
        check(findings, audit, request.onInvalid(), signature, request.input().path());
        DriftReport drift = profile.map(p -> DriftReport.of(p, findings.bins())).orElse(null);
        return new Verdict(findings, drift, refusal(drift, request.failOnDrift(), output));
    }

    static DatasetSchema schemaOf(Signature signature) {
        return new DatasetSchema(signature.columns(Signature.ROLE_ID), signature.columns(Signature.ROLE_CATEGORICAL),
                signature.columns(Signature.ROLE_NUMERIC), signature.label(), signature.positiveClass(),
                signature.negativeClass(), Task.of(signature.task()), signature.classes(), null,
                signature.columns(Signature.ROLE_TEXT));
    }

    private static Optional<DriftProfile> driftProfile(ModelBundle bundle) {
        Path file = bundle.dir().resolve(DriftProfile.FILE);
        if (!Files.isRegularFile(file)) {
            LOG.warn("model bundle {} has no {} (trained before drift profiles): drift is not checked; train it again"
                    + " to get one", bundle.dir(), DriftProfile.FILE);
            return Optional.empty();
        }
        return Optional.of(ModelBundle.read(file, DriftProfile.class));
    }

    private static Map<String, List<String>> knownCategories(Signature signature) {
        Map<String, List<String>> known = new LinkedHashMap<>();
        signature.inputs().stream().filter(i -> Signature.ROLE_CATEGORICAL.equals(i.role()))
                .forEach(i -> known.put(i.name(), i.categories()));
        return known;
    }

    /** Refuses the input, per policy; the message names the column, what it holds and the fix. */
    private static void check(InputAudit.Findings findings, InputAudit audit, InvalidRows policy, Signature signature,
                              String path) {
        if (findings.rows() == 0) {
            throw TrainyardException.data("Input " + path + " has no rows; check the path or the upstream job that writes it");
        }
        if (policy == InvalidRows.SKIP) {
            return;
        }
        findings.unparsable().forEach((column, count) -> {
            if (count > 0) {
                throw TrainyardException.data("Column '" + column + "' in " + path + " must be numeric but holds text in "
                        + count + " rows (e.g. '" + audit.example("unparsable", column) + "'); fix the data, or pass"
                        + " --on-invalid skip to score the other rows");
            }
        });
        boolean refuseMissing = policy == InvalidRows.ERROR || "error".equals(signature.missing());
        for (String column : signature.columns(Signature.ROLE_NUMERIC)) {
            long count = findings.missing().getOrDefault(column, 0L);
            if (count > 0 && refuseMissing) {
                throw TrainyardException.data("Column '" + column + "' in " + path + " is missing in " + count + " rows"
                        + (policy == InvalidRows.ERROR ? " and --on-invalid is error; pass --on-invalid keep to impute"
                        + " as in training, or skip to leave those rows out" : " and the model was trained with"
                        + " features.missing: error; pass --on-invalid skip to leave those rows out"));
            }
        }
        if (policy != InvalidRows.ERROR) {
            return;
        }
        findings.missing().forEach((column, count) -> {
            if (count > 0) {
                throw TrainyardException.data("Column '" + column + "' in " + path + " is missing in " + count
                        + " rows and --on-invalid is error; pass --on-invalid keep to give them the model's missing"
                        + " slot, or skip to leave those rows out");
            }
        });
        findings.unseen().forEach((column, count) -> {
            if (count > 0) {
                throw TrainyardException.data("Column '" + column + "' in " + path + " holds " + count + " values not"
                        + " seen in training (e.g. '" + audit.example("unseen", column) + "') and --on-invalid"
                        + " is error; pass --on-invalid keep to give them the model's unseen slot, or skip to leave"
                        + " those rows out");
            }
        });
    }

    private static String refusal(DriftReport drift, Double bound, AtomicOutput output) {
        if (drift == null || bound == null) {
            return null;
        }
        List<String> over = drift.exceeding(bound);
        if (over.isEmpty()) {
            return null;
        }
        return String.format(Locale.ROOT, "Drift beyond --fail-on-drift %s in %d feature%s: %s; nothing published to"
                + " %s (the previous output is untouched); check the input, or retrain the model on recent data",
                bound, over.size(), over.size() == 1 ? "" : "s", String.join(", ", over), output.target());
    }

    private static void log(ScoreRequest request, Verdict verdict, long written, AtomicOutput output,
                            double seconds) {
        InputAudit.Findings findings = verdict.findings();
        DriftReport drift = verdict.drift();
        String refusal = verdict.refusal();
        if (drift != null) {
            StringBuilder line = new StringBuilder();
            drift.psi().forEach((feature, psi) -> line.append(line.length() == 0 ? "" : ", ").append(feature)
                    .append(' ').append(String.format(Locale.ROOT, "%.3f", psi)));
            LOG.info("drift (PSI against the training profile): {}", line);
        }
        if (findings.invalidRows() > 0) {
            LOG.info("{} rows with missing, unparsable or unseen values ({}): missing {}, unseen {}",
                    findings.invalidRows(), request.onInvalid() == InvalidRows.SKIP ? "rejected" : "scored by the"
                    + " model's policy", nonZero(findings.missing()), nonZero(findings.unseen()));
        }
        if (refusal != null) {
            LOG.warn(refusal);
            return;
        }
        LOG.info("scored {} of {} rows of {} into {} in {} s", written, findings.rows(), request.input().path(),
                output.target(), String.format(Locale.ROOT, "%.1f", seconds));
    }

    private static Map<String, Long> nonZero(Map<String, Long> counts) {
        Map<String, Long> kept = new LinkedHashMap<>();
        counts.forEach((k, v) -> {
            if (v > 0) {
                kept.put(k, v);
            }
        });
        return kept;
    }

    /** {@code identity}: version, alias, run id (the last two may be null). */
    private static Dataset<Row> stamp(Dataset<Row> predictions, String modelName, String[] identity, Instant scoredAt,
                                      String jobId) {
        return predictions.select(col("*"), lit(modelName).as("model_name"), lit(identity[0]).as("model_version"),
                lit(identity[1]).cast("string").as("model_alias"), lit(identity[2]).cast("string").as("run_id"),
                lit(Timestamp.from(scoredAt)).as("scored_at"), lit(jobId).as("job_id"));
    }
}
