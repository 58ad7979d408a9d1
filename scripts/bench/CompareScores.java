import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Bench helper (run as a single source file): the two engines' outputs of the same input compared.
 * The airline rows carry no id to join on, so the check is on what must match whatever the row
 * order: the row count, the count of each predicted label, and the sorted probabilities element by
 * element (each engine scores row by row, so equal predictions give equal sorted vectors).
 */
public final class CompareScores {
    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("bench compare scores")
                .config("spark.ui.enabled", "false").getOrCreate();
        List<Row> spark0 = spark.read().parquet(args[0]).select("probability").orderBy("probability").collectAsList();
        List<Row> onnx = spark.read().parquet(args[1]).select("probability").orderBy("probability").collectAsList();
        double worst = 0;
        for (int i = 0; i < Math.min(spark0.size(), onnx.size()); i++) {
            worst = Math.max(worst, Math.abs(spark0.get(i).getDouble(0) - onnx.get(i).getDouble(0)));
        }
        List<Row> labels0 = spark.read().parquet(args[0]).groupBy("prediction").count().orderBy("prediction").collectAsList();
        List<Row> labels1 = spark.read().parquet(args[1]).groupBy("prediction").count().orderBy("prediction").collectAsList();
        System.out.printf("compare: rows %d vs %d, labels %s vs %s, max |p_spark - p_onnx| over sorted probabilities %.2g%n",
                spark0.size(), onnx.size(), labels0, labels1, worst);
        spark.stop();
    }
}
