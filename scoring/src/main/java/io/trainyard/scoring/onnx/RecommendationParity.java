package io.trainyard.scoring.onnx;

import static org.apache.spark.sql.functions.col;

import io.trainyard.features.load.Columns;
import io.trainyard.scoring.RecommendationScorer;
import io.trainyard.serving.bundle.ModelBundle;
import io.trainyard.serving.bundle.RecommendationPolicy;
import io.trainyard.serving.bundle.Signature;
import io.trainyard.serving.onnx.OnnxModel;
import io.trainyard.serving.onnx.OnnxPrediction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Parity of a recommendation graph: the held-out rows' users (and {@value #UNSEEN_USERS} users no
 * model has seen, to cover cold start) get their top N from Spark ({@link RecommendationScorer},
 * without history, as the graph has none) and from ONNX Runtime through the serving wrapper, and
 * the lists are compared rank by rank. ALS rates in float32, so scores are compared relative to
 * max(1, |score|) with {@link ParityCheck#XGBOOST_TOLERANCE}. A user's list mismatches when its
 * source or length differs, or when an item differs at a rank where the two scores are further
 * apart than the tolerance (a near tie may swap two items; a real difference may not).
 */
public final class RecommendationParity {
    /** Users compared at most; their lists are collected to the driver. */
    public static final int MAX_USERS = 5_000;
    static final int UNSEEN_USERS = 2;

    private static final Logger LOG = LogManager.getLogger(RecommendationParity.class);
    private static final int BATCH = 512;

    private RecommendationParity() {
    }

    /**
     * @param pipeline the bundle's indexer and ALS, loaded once for the export and this check
     * @param policy the bundle's top N and cold-start list
     */
    public static ParityReport run(ModelBundle bundle, RecommendationScorer.AlsPipeline pipeline,
                                   RecommendationPolicy policy, byte[] onnx, Dataset<Row> heldOut) {
        long started = System.nanoTime();
        String user = bundle.signature().columns(Signature.ROLE_USER).get(0);
        List<String> users = new ArrayList<>(heldOut.select(col(Columns.quote(user)).cast("string"))
                .distinct().limit(MAX_USERS).as(Encoders.STRING()).collectAsList());
        users.removeIf(u -> u == null);
        for (int i = 1; i <= UNSEEN_USERS; i++) {
            users.add("trainyard-parity-unseen-user-" + i);
        }
        Dataset<Row> input = heldOut.sparkSession().createDataset(users, Encoders.STRING()).toDF(user);
        Map<String, List<Row>> spark = new HashMap<>();
        for (Row row : new RecommendationScorer(heldOut.sparkSession()).recommend(pipeline, policy, input)
                .orderBy(col("rank")).collectAsList()) {
            spark.computeIfAbsent(row.getString(0), u -> new ArrayList<>()).add(row);
        }
        double tolerance = ParityCheck.XGBOOST_TOLERANCE;
        double worst = 0;
        double worstRelative = 0;
        long mismatched = 0;
        try (OnnxModel model = OnnxModel.load(onnx, bundle.signature())) {
            for (int from = 0; from < users.size(); from += BATCH) {
                List<String> batch = users.subList(from, Math.min(users.size(), from + BATCH));
                List<Map<String, Object>> instances = batch.stream().map(u -> Map.<String, Object>of(user, u)).toList();
                OnnxPrediction.Recommendations lists = model.predict(instances).recommendations();
                for (int u = 0; u < batch.size(); u++) {
                    List<Row> expected = spark.getOrDefault(batch.get(u), List.of());
                    boolean differs = expected.size() != lists.items()[u].length || expected.isEmpty()
                            || !expected.get(0).getString(4).equals(lists.sources()[u]);
                    for (int r = 0; r < Math.min(expected.size(), lists.items()[u].length); r++) {
                        double sparkScore = expected.get(r).getDouble(3);
                        double diff = Math.abs(sparkScore - lists.scores()[u][r]);
                        double relative = diff / Math.max(1.0, Math.abs(sparkScore));
                        worst = Math.max(worst, diff);
                        worstRelative = Math.max(worstRelative, relative);
                        differs |= !expected.get(r).getString(2).equals(lists.items()[u][r]) && relative > tolerance;
                    }
                    mismatched += differs ? 1 : 0;
                }
            }
        }
        ParityReport report = new ParityReport(users.size(), Map.of("score", worst, "score_relative", worstRelative),
                mismatched, tolerance, mismatched == 0 && worstRelative <= tolerance);
        LOG.info("recommendation parity: {} users, max abs score diff {}, {} mismatched lists: {} ({} ms)",
                report.rows(), worst, mismatched, report.passed() ? "passed" : "FAILED",
                (System.nanoTime() - started) / 1_000_000);
        return report;
    }
}
