package io.trainyard.scoring.onnx;

import io.trainyard.common.TrainyardException;
import java.util.function.Function;
import org.apache.spark.ml.tree.CategoricalSplit;
import org.apache.spark.ml.tree.ContinuousSplit;
import org.apache.spark.ml.tree.InternalNode;
import org.apache.spark.ml.tree.LeafNode;
import org.apache.spark.ml.tree.Node;
import org.apache.spark.ml.tree.Split;

/**
 * Writes Spark ML decision trees into a {@link TreeEnsembleBuilder}, in double: a continuous split
 * goes left when x &lt;= threshold (BRANCH_LEQ); a categorical split (features with nominal or
 * binary metadata, e.g. one-hot slots) goes left when x is one of the left categories, written as
 * a chain of BRANCH_EQ nodes. NaN goes right, as in Spark (NaN &lt;= t is false, NaN is no category).
 */
final class SparkTrees {
    private final TreeEnsembleBuilder builder;
    private final int tree;
    private final int firstTarget;
    private final Function<LeafNode, double[]> leafWeights;
    private int next;

    private SparkTrees(TreeEnsembleBuilder builder, int tree, int firstTarget, Function<LeafNode, double[]> leafWeights) {
        this.builder = builder;
        this.tree = tree;
        this.firstTarget = firstTarget;
        this.leafWeights = leafWeights;
    }

    /** Adds the tree under {@code root} as tree {@code tree}; each leaf adds {@code leafWeights} to its targets. */
    static void add(TreeEnsembleBuilder builder, int tree, Node root, int firstTarget,
                    Function<LeafNode, double[]> leafWeights) {
        new SparkTrees(builder, tree, firstTarget, leafWeights).write(root);
    }

    private int write(Node node) {
        int id = next++;
        if (node instanceof LeafNode leaf) {
            builder.leaf(tree, id, firstTarget, leafWeights.apply(leaf));
            return id;
        }
        InternalNode internal = (InternalNode) node;
        Split split = internal.split();
        if (split instanceof ContinuousSplit continuous) {
            int left = write(internal.leftChild());
            int right = write(internal.rightChild());
            builder.branch(tree, id, continuous.featureIndex(), "BRANCH_LEQ", continuous.threshold(), left, right,
                    false);
            return id;
        }
        if (!(split instanceof CategoricalSplit categorical) || categorical.leftCategories().length == 0) {
            throw TrainyardException.usage("ONNX export: tree split " + split + " is not supported");
        }
        double[] categories = categorical.leftCategories();
        int[] chain = new int[categories.length];
        chain[0] = id;
        for (int k = 1; k < chain.length; k++) {
            chain[k] = next++;
        }
        int left = write(internal.leftChild());
        int right = write(internal.rightChild());
        for (int k = 0; k < chain.length; k++) {
            int otherwise = k + 1 < chain.length ? chain[k + 1] : right;
            builder.branch(tree, chain[k], categorical.featureIndex(), "BRANCH_EQ", categories[k], left, otherwise,
                    false);
        }
        return id;
    }

    /** A leaf's class counts (Spark's impurity stats) divided by their sum, as Spark normalizes them. */
    static double[] normalizedCounts(LeafNode leaf) {
        double[] counts = leaf.impurityStats().stats().clone();
        double total = 0;
        for (double c : counts) {
            total += c;
        }
        if (total != 0) {
            for (int k = 0; k < counts.length; k++) {
                counts[k] = counts[k] / total;
            }
        }
        return counts;
    }
}
