package io.trainyard.scoring.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.trainyard.scoring.RecommendationScorer;
import io.trainyard.serving.bundle.RecommendationPolicy;
import io.trainyard.serving.bundle.Signature;
import io.trainyard.serving.onnx.OnnxModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Row;

/**
 * A recommendation pipeline (the user and item {@link StringIndexerModel}, then {@link ALSModel}) as
 * one ONNX graph answering each user's top N, as {@code score} does for a user without history:
 *
 * <pre>
 *   user (string [N,1]) --LabelEncoder--> factor row (unseen: a zero row past the last)
 *     --Gather--> user factors [N, rank] --MatMul item factors^T--> predicted ratings [N, items] (float, as ALS)
 *     --Cast double, Where(seen user, ratings, popularity)--> scores --TopK(N)--> items, scores; source
 * </pre>
 *
 * Outputs: {@code items} string [N, K], {@code scores} double [N, K] (the predicted rating, or the
 * cold-start popularity share), {@code source} string [N] ({@code model} or {@code popularity}).
 * Items are laid out in label order, so TopK's tie rule (the lower index first) orders equal
 * scores by item as Spark's ranking does. Items missing from a shorter popularity list score minus
 * infinity (padding the reader drops). What the graph cannot do: leave out items a user already
 * rated (it sees only the user); bulk scoring with the user's history does.
 *
 * <p>Why a graph of its own rather than one more stage converter: the answer needs the indexer's
 * item labels and the bundle's cold-start list, not only the ALS stage; and no ONNX converter
 * library (onnxmltools, sklearn-onnx) exports Spark's ALS.
 */
public final class RecommendationExporter {
    private static final Logger LOG = LogManager.getLogger(RecommendationExporter.class);

    private RecommendationExporter() {
    }

    /**
     * @param model the bundle's whole pipeline (its stages are named in the graph's metadata)
     * @param pipeline the same pipeline's indexer and ALS
     */
    public static ModelProto export(PipelineModel model, RecommendationScorer.AlsPipeline pipeline,
                                    Signature signature, RecommendationPolicy policy, OnnxProvenance provenance) {
        long started = System.nanoTime();
        ALSModel als = pipeline.als();
        String[][] labels = pipeline.indexer().labelsArray();
        Factors users = Factors.of(als.userFactors().collectAsList(), labels[0], false);
        Factors items = Factors.of(als.itemFactors().collectAsList(), labels[1], true);
        int rank = als.rank();
        int k = Math.min(policy.topN(), items.labels.size());

        OnnxGraph graph = new OnnxGraph(provenance.modelName());
        String user = signature.columns(Signature.ROLE_USER).get(0);
        graph.input(user, DataType.STRING, 1);
        String row = graph.mlOp("LabelEncoder", List.of(user),
                OnnxGraph.Attribute.strings("keys_strings", users.labels),
                OnnxGraph.Attribute.longs("values_int64s", sequence(users.labels.size())),
                OnnxGraph.Attribute.of("default_int64", (long) users.labels.size()));
        String flat = graph.op("Reshape", List.of(row, graph.longs("flat", new long[] {-1}, 1)));
        // one zero row past the last user: what an unseen user gathers (its ratings are replaced below)
        float[] userMatrix = Arrays.copyOf(users.matrix(rank, false), (users.labels.size() + 1) * rank);
        String userFactors = graph.op("Gather", List.of(graph.floats("user_factors", userMatrix,
                users.labels.size() + 1, rank), flat), OnnxGraph.Attribute.of("axis", 0L));
        String ratings = graph.op("MatMul", List.of(userFactors, graph.floats("item_factors_t",
                items.matrix(rank, true), rank, items.labels.size())));
        String ratingsDouble = graph.op("Cast", List.of(ratings), OnnxGraph.Attribute.type("to", DataType.DOUBLE));
        String seen = graph.op("Less", List.of(flat, graph.longs("users", new long[] {users.labels.size()}, 1)));
        String seenColumn = graph.op("Unsqueeze", List.of(seen, graph.longs("axis1", new long[] {1}, 1)));
        String scores = graph.op("Where", List.of(seenColumn, ratingsDouble, graph.doubles("popularity",
                popularity(policy, items.labels), 1, items.labels.size())));
        String indices = graph.fresh("top_indices");
        graph.node("", "TopK", List.of(scores, graph.longs("k", new long[] {k}, 1)),
                List.of(OnnxModel.SCORES, indices),
                OnnxGraph.Attribute.of("axis", 1L), OnnxGraph.Attribute.of("largest", 1L),
                OnnxGraph.Attribute.of("sorted", 1L));
        graph.node("", "Gather", List.of(graph.strings("item_labels", items.labels, items.labels.size()), indices),
                OnnxModel.ITEMS, OnnxGraph.Attribute.of("axis", 0L));
        graph.node("", "Where", List.of(seen, graph.strings("model", List.of("model"), 1),
                graph.strings("popularity_source", List.of("popularity"), 1)), OnnxModel.SOURCE);
        graph.output(OnnxModel.ITEMS, DataType.STRING, k);
        graph.output(OnnxModel.SCORES, DataType.DOUBLE, k);
        graph.output(OnnxModel.SOURCE, DataType.STRING, 0);

        ModelProto proto = OnnxExporter.model(graph, provenance, OnnxExporter.stages(model), signature);
        LOG.info("ONNX export (recommendation): {} users x {} items, rank {}, top {}, {} bytes in {} ms",
                users.labels.size(), items.labels.size(), rank, k, proto.getSerializedSize(),
                (System.nanoTime() - started) / 1_000_000);
        return proto;
    }

    /** Each item's popularity share, minus infinity for items the fallback list leaves out. */
    private static double[] popularity(RecommendationPolicy policy, List<String> items) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            position.put(items.get(i), i);
        }
        double[] scores = new double[items.size()];
        Arrays.fill(scores, Double.NEGATIVE_INFINITY);
        for (RecommendationPolicy.PopularItem item : policy.popular()) {
            Integer at = position.get(item.item());
            if (at != null) {
                scores[at] = item.score();
            }
        }
        return scores;
    }

    private static long[] sequence(int n) {
        long[] values = new long[n];
        Arrays.setAll(values, i -> i);
        return values;
    }

    /** One side's factors (ALS's {@code id}, {@code features} rows) with their labels, in a chosen order. */
    private record Factors(List<String> labels, List<float[]> vectors) {
        private record Factor(int index, String label, float[] vector) {
        }

        /** Ordered by label ({@code byLabel}), else by ALS's index. */
        static Factors of(List<Row> rows, String[] labels, boolean byLabel) {
            List<Factor> factors = new ArrayList<>(rows.size());
            for (Row row : rows) {
                int index = row.getInt(0);
                List<Float> features = row.getList(1);
                float[] vector = new float[features.size()];
                for (int i = 0; i < vector.length; i++) {
                    vector[i] = features.get(i);
                }
                factors.add(new Factor(index, labels[index], vector));
            }
            factors.sort(byLabel ? Comparator.comparing(Factor::label) : Comparator.comparingInt(Factor::index));
            return new Factors(factors.stream().map(Factor::label).toList(),
                    factors.stream().map(Factor::vector).toList());
        }

        /** Row-major [entities, rank], or transposed [rank, entities]. */
        float[] matrix(int rank, boolean transposed) {
            float[] matrix = new float[vectors.size() * rank];
            for (int e = 0; e < vectors.size(); e++) {
                for (int r = 0; r < rank; r++) {
                    matrix[transposed ? r * vectors.size() + e : e * rank + r] = vectors.get(e)[r];
                }
            }
            return matrix;
        }
    }
}
