package io.trainyard.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.rand;

import io.trainyard.common.TrainyardException;
import io.trainyard.features.load.DatasetLoader;
import io.trainyard.features.spec.DataSource;
import io.trainyard.jobs.config.SparkSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sample", sortOptions = false,
        description = {"Write a uniform random sample of a table (e.g. scored output, Parquet with its date=… partitions)",
            "to one local CSV or JSON-lines file, for notebooks and tools without a Parquet reader."},
        footer = {"", "Example:", "  trainyard sample --input out/demo/scores --rows 1000 --output out/demo/scores-sample.csv"})
final class SampleCommand extends JobCommand {
    private static final int MAX_ROWS = 1_000_000;

    @Option(names = "--input", required = true, paramLabel = "PATH", description = "Parquet or CSV: a file, folder or glob.")
    String input;

    @Option(names = "--input-format", paramLabel = "csv|parquet", description = "Default: from the file names.")
    String inputFormat;

    @Option(names = "--rows", defaultValue = "1000", paramLabel = "N",
            description = "Rows to draw (default: ${DEFAULT-VALUE}, at most 1,000,000).")
    int rows;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--output", required = true, paramLabel = "FILE",
            description = "A .csv (with a header) or .json (one object per line) file; replaced if it exists.")
    Path output;

    @Override
    int run() {
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        String format = name.endsWith(".csv") ? "csv" : name.endsWith(".json") || name.endsWith(".jsonl") ? "json" : null;
        if (format == null) {
            throw TrainyardException.usage("--output " + output + " must end in .csv or .json (JSON lines)");
        }
        if (rows < 1 || rows > MAX_ROWS) {
            throw TrainyardException.usage("--rows " + rows + " is out of range; use 1 to " + MAX_ROWS);
        }
        SparkSession spark = SparkSessions.create("sample", SparkSpec.defaults());
        Dataset<Row> table = new DatasetLoader(spark).read(DataSource.of(input, inputFormat));
        long total = table.count();
        // a Bernoulli pass a little above the target, then the first N of a seeded shuffle: one scan, exact N
        double fraction = Math.min(1.0, (rows * 1.2 + 100) / Math.max(total, 1));
        Dataset<Row> sample = (fraction < 1.0 ? table.sample(false, fraction, seed) : table)
                .orderBy(rand(seed)).limit(rows);
        Column[] flat = Arrays.stream(sample.schema().fields())
                .map(f -> f.dataType().typeName().equals("array") || f.dataType().typeName().equals("vector")
                        ? col("`" + f.name() + "`").cast("string").as(f.name()) : col("`" + f.name() + "`"))
                .toArray(Column[]::new);
        long written = writeOneFile(format.equals("csv") ? sample.select(flat) : sample, format, output);
        if (!json()) {
            out().printf(Locale.ROOT, "trainyard sample: %,d of %,d rows of %s into %s%n", written, total, input, output);
            out().flush();
        }
        Map<String, Object> summary = Summaries.ok("sample");
        summary.put("rows", written);
        summary.put("of", total);
        summary.put("output", output.toString());
        printJson(summary);
        return 0;
    }

    /** Spark writes one part file into a staging folder beside the target; it is then moved into place. */
    private static long writeOneFile(Dataset<Row> rows, String format, Path target) {
        Path parent = target.toAbsolutePath().getParent();
        Path staging = parent.resolve("." + target.getFileName() + ".staging");
        try {
            Files.createDirectories(parent);
            deleteTree(staging);
            Dataset<Row> one = rows.coalesce(1).cache();
            long count = one.count();
            one.write().option("header", true).format(format).save(staging.toString());
            Path part;
            try (Stream<Path> files = Files.list(staging)) {
                part = files.filter(f -> f.getFileName().toString().startsWith("part-")).findFirst()
                        .orElseThrow(() -> new IOException("Spark wrote no part file into " + staging));
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(staging);
            one.unpersist();
            return count;
        } catch (IOException e) {
            throw TrainyardException.internal("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
