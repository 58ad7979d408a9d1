package io.trainyard.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.features.testing.SparkSessionExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user and a scheduler see it: exit codes, one-line errors, JSON, files written. */
@ExtendWith(SparkSessionExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private final SparkSession spark;
    private Path config;

    CliTest(SparkSession spark) {
        this.spark = spark;
    }

    /** What one run printed and returned. */
    record Run(int code, String out, String err) {
        /** The one JSON line of --json: stdout must hold nothing else. */
        JsonNode json() throws IOException {
            assertThat(out.strip()).doesNotContain("\n");
            return JSON.readTree(out);
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Trainyard.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    void writeASmallConfig() throws IOException {
        config = smallChurnConfig(dir.resolve("churn-small.yaml"), dir.resolve("run"));
    }

    /** A fast churn config (2 folds, one logistic regression) on the real sample, writing into {@code output}. */
    public static Path smallChurnConfig(Path file, Path output) throws IOException {
        return churnConfig(file, output, "{family: logistic-regression, params: {max-iter: 10, reg-param: 0.01}}");
    }

    /** A 2-fold churn config on the real sample with one model (YAML flow map), writing into {@code output}. */
    public static Path churnConfig(Path file, Path output, String model) throws IOException {
        String data = SparkSessionExtension.repoFile("data/samples/mlc_churn.csv").toString();
        Files.writeString(file, """
                name: churn
                data: {path: "%s"}
                label: {column: churn, positive: "yes"}
                id-columns: [customer_id]
                features: {categorical: [state, area_code, international_plan, voice_mail_plan]}
                cv: {folds: 2}
                models: [%s]
                output: {dir: "%s"}
                promotion: {metric: auc, min: 0.7}
                """.formatted(data, model, output));
        return file;
    }

    @Test
    @Order(1)
    void helpListsTheCommandsAndTheExitCodes() {
        Run run = run("--help");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("demo", "train", "score", "Exit codes", "3 data or schema error");
        assertThat(run("--version").out()).startsWith("trainyard ").contains("Spark 3.5.9");
        assertThat(run("help", "score").out()).contains("--model", "--input", "--output", "--json");
        // every command takes --help, even with its required options missing; promote keeps its own --version
        Run train = run("train", "--help");
        assertThat(train.code()).isZero();
        assertThat(train.out()).contains("--config", "--set", "--help");
        assertThat(run("features", "build", "-h").out()).startsWith("Usage: trainyard features ");
        assertThat(run("promote", "--help").out()).contains("--version=N");
    }

    @Test
    @Order(1)
    void noCommandOrAnUnknownFlagIsAUsageError() {
        assertThat(run().code()).isEqualTo(2);
        Run run = run("train", "--config", "x.yaml", "--bogus");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '--bogus'");
    }

    @Test
    @Order(1)
    void aMissingConfigIsOneLineAndExitTwo() {
        Run run = run("train", "--config", dir.resolve("missing.yaml").toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("trainyard train: Config file ").endsWith("e.g. --config conf/churn.yaml")
                .doesNotContain("\n").doesNotContain("Exception");
        assertThat(Path.of("mlruns")).as("no tracking store is created for a bad config").doesNotExist();
    }

    @Test
    @Order(1)
    void exportOnnxTrueRefusesAnUnexportableCandidateBeforeAnyFit() {
        Path out = dir.resolve("lint");
        Run run = run("train", "--config", config.toString(), "--set", "export.onnx=true", "--set",
                "models=[{family: xgboost, params: {booster: dart, num-round: 5}}]", "--output", out.toString(),
                "--store", store());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("export.onnx is true, but candidate xgboost {booster=dart, num-round=5} cannot"
                + " be exported: XGBoost booster 'dart' has no ONNX converter; use booster gbtree (the default)."
                + " Families that export for task binary: logistic-regression,");
        assertThat(out.resolve("model")).doesNotExist();
    }

    @Test
    @Order(1)
    void aLabelColumnThatDoesNotExistIsExitThreeAndWritesNothing() {
        Path out = dir.resolve("bad-label");
        Run run = run("train", "--config", config.toString(), "--set", "label.column=churnn", "--output",
                out.toString(), "--json", "--store", store());
        assertThat(run.code()).isEqualTo(3);
        assertThat(run.err()).contains("Column 'churnn' (label.column) not found").contains("did you mean 'churn'?");
        assertThat(out).doesNotExist();
        assertThat(run.out()).contains("\"status\":\"error\"", "\"exit_code\":3", "\"category\":\"data\"");
    }

    @Test
    @Order(2)
    void trainThenScoreThenRescoreReplacesTheOutput() throws IOException {
        Run train = run("train", "--config", config.toString(), "--json", "--store", store());
        assertThat(train.code()).as(train.err()).isZero();
        JsonNode summary = train.json();
        assertThat(summary.get("status").asText()).isEqualTo("ok");
        assertThat(summary.at("/holdout/auc").asDouble()).isBetween(0.7, 0.95);
        String bundle = summary.get("bundle").asText();
        String holdout = summary.get("holdout_path").asText();
        long holdoutRows = spark.read().parquet(holdout).count();

        String scores = dir.resolve("scores").toString();
        Run score = run("score", "--model", bundle, "--input", holdout, "--output", scores, "--job-id", "job-1");
        assertThat(score.code()).as(score.err()).isZero();
        assertThat(score.out()).contains("trainyard score: churn", holdoutRows + " rows");
        Dataset<Row> written = spark.read().parquet(scores);
        assertThat(written.columns()).containsExactly("customer_id", "prediction", "probability", "model_name",
                "model_version", "model_alias", "run_id", "scored_at", "job_id");
        assertThat(written.count()).isEqualTo(holdoutRows);
        assertThat(written.filter("probability < 0 or probability > 1 or prediction not in ('yes', 'no')").count())
                .isZero();
        assertThat(written.select("model_version").distinct().first().getString(0))
                .isEqualTo(summary.get("bundle_id").asText());

        Run again = run("score", "--model", bundle, "--input", holdout, "--output", scores, "--job-id", "job-2",
                "--json");
        assertThat(again.code()).isZero();
        assertThat(again.json().get("rows").asLong()).isEqualTo(holdoutRows);
        Dataset<Row> rewritten = spark.read().parquet(scores);
        assertThat(rewritten.count()).isEqualTo(holdoutRows);
        assertThat(rewritten.select("job_id").distinct().collectAsList()).extracting(r -> r.getString(0))
                .containsExactly("job-2");
        try (var siblings = Files.list(dir)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("staging"));
        }
    }

    @Test
    @Order(3)
    void anOutputHoldingAnotherJobsResultsIsRefused() throws IOException {
        Path scores = dir.resolve("other-job");
        Files.createDirectories(scores);
        Files.writeString(scores.resolve("_trainyard.json"), "{\"job\":\"fraud\",\"model_name\":\"fraud\","
                + "\"model_version\":\"3\",\"rows\":10,\"input\":\"x\",\"scored_at\":\"2026-11-25T00:00:00Z\",\"job_id\":\"j\"}");
        Run run = run("score", "--model", dir.resolve("run/model").toString(), "--input",
                dir.resolve("run/holdout").toString(), "--output", scores.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().strip()).endsWith("holds the results of another job (model 'fraud', scored "
                + "2026-11-25T00:00:00Z); pass another --output or delete that folder first");

        Path foreign = dir.resolve("foreign");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        Run refused = run("score", "--model", dir.resolve("run/model").toString(), "--input",
                dir.resolve("run/holdout").toString(), "--output", foreign.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("already holds files that trainyard did not write");
        assertThat(foreign.resolve("notes.txt")).hasContent("mine");
    }

    @Test
    @Order(3)
    void scoringInputWithTextInANumericColumnIsExitThree() throws IOException {
        Path input = dir.resolve("bad.csv");
        List<String> lines = Files.readAllLines(SparkSessionExtension.repoFile("data/samples/mlc_churn.csv")).subList(0, 4);
        Files.write(input, List.of(lines.get(0), lines.get(1), lines.get(2).replace(",107,", ",n/a,"), lines.get(3)));
        Path out = dir.resolve("bad-scores");
        Run run = run("score", "--model", dir.resolve("run/model").toString(), "--input", input.toString(),
                "--output", out.toString());
        assertThat(run.code()).isEqualTo(3);
        assertThat(run.err()).contains("Column 'account_length' in ", "must be numeric but holds text in 1 rows (e.g. 'n/a')");
        assertThat(out).doesNotExist();
    }

    @Test
    @Order(3)
    void aCorruptBundleIsRefused() throws IOException {
        Path copy = dir.resolve("corrupt");
        copyTree(dir.resolve("run/model"), copy);
        Files.writeString(copy.resolve("signature.json"), "{}");
        Run run = run("score", "--model", copy.toString(), "--input", dir.resolve("run/holdout").toString(),
                "--output", dir.resolve("corrupt-scores").toString());
        assertThat(run.code()).isEqualTo(3);
        assertThat(run.err()).contains("is corrupt: signature.json has checksum");
    }

    @Test
    @Order(3)
    void exportProvesParityAndRefusesOtherFormats() throws IOException {
        assertThat(dir.resolve("run/model/onnx/model.onnx")).as("train exports automatically").isNotEmptyFile();
        Run run = run("export", "--model", dir.resolve("run/model").toString(), "--json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode parity = run.json().get("parity");
        assertThat(parity.get("passed").asBoolean()).isTrue();
        assertThat(parity.get("mismatched_predictions").asLong()).isZero();
        assertThat(parity.get("rows").asLong()).isEqualTo(spark.read().parquet(dir.resolve("run/holdout").toString())
                .count());
        Run pmml = run("export", "--model", dir.resolve("run/model").toString(), "--format", "pmml");
        assertThat(pmml.code()).isEqualTo(2);
        assertThat(pmml.err()).contains("--format pmml is not supported; use --format onnx");
    }

    @Test
    @Order(3)
    void theOnnxEngineScoresLikeTheSparkEngine() {
        String bundle = dir.resolve("run/model").toString();
        String holdout = dir.resolve("run/holdout").toString();
        String bySpark = dir.resolve("scores-spark").toString();
        String byOnnx = dir.resolve("scores-onnx").toString();
        assertThat(run("score", "--model", bundle, "--input", holdout, "--output", bySpark).code()).isZero();
        Run onnx = run("score", "--model", bundle, "--input", holdout, "--output", byOnnx, "--engine", "onnx");
        assertThat(onnx.code()).as(onnx.err()).isZero();

        Dataset<Row> sparkScores = spark.read().parquet(bySpark);
        Dataset<Row> onnxScores = spark.read().parquet(byOnnx);
        assertThat(onnxScores.schema()).isEqualTo(sparkScores.schema());
        Dataset<Row> joined = onnxScores.as("o").join(sparkScores.as("s"), "customer_id");
        assertThat(joined.count()).isEqualTo(sparkScores.count()).isEqualTo(onnxScores.count());
        assertThat(joined.filter("o.prediction <> s.prediction or abs(o.probability - s.probability) > 1e-6").count())
                .isZero();
        assertThat(run("score", "--model", bundle, "--input", holdout, "--output", byOnnx, "--engine", "tpu").err())
                .contains("--engine tpu is not supported; use --engine spark or --engine onnx");
    }

    @Test
    @Order(3)
    void theOnnxEngineRefusesABundleWithoutGraphSayingHowToExportIt() {
        Path out = dir.resolve("no-onnx");
        Run train = run("train", "--config", config.toString(), "--set", "export.onnx=false", "--output",
                out.toString(), "--store", store());
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(out.resolve("model/onnx")).doesNotExist();
        String bundle = out.resolve("model").toString();

        Run run = run("score", "--model", bundle, "--input", out.resolve("holdout").toString(), "--output",
                dir.resolve("no-onnx-scores").toString(), "--engine", "onnx");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("Model " + bundle + " has no ONNX graph", "run `trainyard export --model "
                + bundle + " --format onnx` first, or score with --engine spark");
        assertThat(dir.resolve("no-onnx-scores")).doesNotExist();
    }

    @Test
    @Order(4)
    void demoRunsTheChurnExampleEndToEnd() {
        Path out = dir.resolve("demo");
        Run run = run("demo", "--output", out.toString(), "--set", "cv.folds=2", "--store", store(),
                "--set", "models[0].grid.reg-param=[0.01]", "--set", "models[1].grid.max-depth=[3]",
                "--set", "models[1].params.num-round=20");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("trainyard train: churn", "holdout    auc", "registry   churn version",
                "trainyard promote: churn version", "gate parity    pass", "trainyard score: churn version",
                "(@champion)", "trainyard serving check: 5 held-out rows", "Next:");
        assertThat(out.resolve("model/bundle.json")).exists();
        assertThat(spark.read().parquet(out.resolve("scores").toString()).count())
                .isEqualTo(spark.read().parquet(out.resolve("holdout").toString()).count());
    }

    static String store() {
        return dir.resolve("mlruns").toString();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
