package io.trainyard.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.features.testing.SparkSessionExtension;
import io.trainyard.serving.bundle.ModelBundle;
import io.trainyard.serving.bundle.Signature;
import io.trainyard.serving.http.BundleFolderSource;
import io.trainyard.serving.http.ModelServer;
import io.trainyard.serving.http.ServerOptions;
import io.trainyard.serving.onnx.OnnxModel;
import io.trainyard.serving.onnx.OnnxPrediction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each shipped use case trained end to end on its sample through the command line, from its own
 * config in conf/, with smaller grids and fewer folds than the config (--set) to keep the suite short.
 */
@ExtendWith(SparkSessionExtension.class)
class UseCasesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final SparkSession spark;

    UseCasesTest(SparkSession spark) {
        this.spark = spark;
    }

    private JsonNode train(String useCase, String sample, String... sets) throws IOException {
        List<String> args = new ArrayList<>(List.of("train", "--json",
                "--config", SparkSessionExtension.repoFile("conf/" + useCase + ".yaml").toString(),
                "--set", "data.path=" + SparkSessionExtension.repoFile("data/samples/" + sample),
                "--output", dir.resolve(useCase).toString(), "--store", dir.resolve("mlruns").toString()));
        for (String set : sets) {
            args.add("--set");
            args.add(set);
        }
        CliTest.Run run = CliTest.run(args.toArray(new String[0]));
        assertThat(run.code()).as(run.err()).isZero();
        return run.json();
    }

    private JsonNode metrics(String useCase) throws IOException {
        return JSON.readTree(dir.resolve(useCase).resolve("model/metrics.json").toFile());
    }

    @Test
    void digitsTrainsMultinomialLogisticRegressionMlpAndXgboostAndScoresDigitLabels() throws IOException {
        JsonNode summary = train("digits", "digits.csv", "cv.folds=2",
                "models[0].grid.reg-param=[0.01]", "models[0].params.max-iter=30",
                "models[1].grid.hidden-layers=[[32]]", "models[1].params.max-iter=40",
                "models[2].grid.max-depth=[4]", "models[2].params.num-round=30");

        assertThat(summary.at("/task").asText()).isEqualTo("multiclass");
        JsonNode metrics = metrics("digits");
        assertThat(metrics.at("/selection_metric").asText()).isEqualTo("macro-f1");
        List<String> families = new ArrayList<>();
        metrics.at("/cv/candidates").forEach(c -> families.add(c.at("/family").asText()));
        assertThat(families).containsExactly("logistic-regression", "mlp", "xgboost");
        metrics.at("/cv/candidates").forEach(c -> assertThat(c.at("/mean").asDouble()).isGreaterThan(0.85));
        assertThat(summary.at("/holdout/macro-f1").asDouble()).isGreaterThan(0.9);
        JsonNode confusion = metrics.at("/holdout/confusion");
        long diagonal = 0;
        long total = 0;
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 10; j++) {
                total += confusion.get(i).get(j).asLong();
                diagonal += i == j ? confusion.get(i).get(j).asLong() : 0;
            }
        }
        assertThat(total).isEqualTo(metrics.at("/data/holdout_rows").asLong());
        assertThat((double) diagonal / total).isEqualTo(summary.at("/holdout/accuracy").asDouble());
        Path bundle = dir.resolve("digits/model");
        assertThat(bundle.resolve("plots/confusion.png")).isNotEmptyFile();
        Signature signature = ModelBundle.open(bundle).signature();
        assertThat(signature.task()).isEqualTo("multiclass");
        assertThat(signature.classes()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

        CliTest.Run scored = CliTest.run("score", "--model", bundle.toString(), "--input",
                dir.resolve("digits/holdout").toString(), "--output", dir.resolve("digits/scores").toString(), "--json");
        assertThat(scored.code()).as(scored.err()).isZero();
        List<Row> rows = spark.read().parquet(dir.resolve("digits/scores").toString()).collectAsList();
        assertThat(rows).hasSize((int) total);
        assertThat(rows).allSatisfy(r -> assertThat(signature.classes()).contains(r.<String>getAs("prediction")));
        assertThat(rows).allSatisfy(r -> assertThat(r.<Double>getAs("probability")).isBetween(0.1, 1.0));
    }

    @Test
    void creditRiskSelectsOnPrAucAndStoresAThresholdChosenOnValidationFolds() throws IOException {
        JsonNode summary = train("credit-risk", "lending_club.csv", "cv.folds=2",
                "models[0].grid.reg-param=[0.01]", "models[0].params.max-iter=20",
                "models[1].grid.max-depth=[3]", "models[1].params.num-round=60");

        JsonNode metrics = metrics("credit-risk");
        assertThat(metrics.at("/selection_metric").asText()).isEqualTo("pr-auc");
        double baseRate = (double) metrics.at("/holdout/positives").asLong() / metrics.at("/holdout/rows").asLong();
        assertThat(baseRate).isBetween(0.03, 0.08);
        // the model ranks bad loans well above chance, which for PR-AUC is the base rate
        assertThat(summary.at("/holdout/pr-auc").asDouble()).isGreaterThan(2 * baseRate);
        JsonNode threshold = metrics.at("/decision_threshold");
        assertThat(threshold.at("/target").asText()).isEqualTo("recall");
        assertThat(threshold.at("/fold_thresholds")).hasSize(2);
        double chosen = threshold.at("/threshold").asDouble();
        assertThat(chosen).isEqualTo((threshold.at("/fold_thresholds/0").asDouble()
                + threshold.at("/fold_thresholds/1").asDouble()) / 2);
        assertThat(chosen).isStrictlyBetween(0.0, 1.0);
        assertThat(threshold.at("/holdout_recall").asDouble()).isGreaterThan(0.3);
        Signature signature = ModelBundle.open(dir.resolve("credit-risk/model")).signature();
        assertThat(signature.threshold()).isEqualTo(chosen);
        assertThat(signature.positiveClass()).isEqualTo("bad");
    }

    @Test
    void demandValidatesInTimeOrderAndBeatsTheSeasonalNaiveBaseline() throws IOException {
        JsonNode summary = train("demand", "chicago_ridership.csv", "cv.folds=2",
                "models=[{family: linear-regression, grid: {reg-param: [0.1]}},"
                        + " {family: xgboost, params: {num-round: 100, eta: 0.1, max-depth: 4}}]");

        assertThat(summary.at("/task").asText()).isEqualTo("regression");
        double rmse = summary.at("/holdout/rmse").asDouble();
        double baseline = summary.at("/baseline/rmse").asDouble();
        assertThat(rmse).isLessThan(baseline);
        assertThat(summary.at("/holdout/r2").asDouble()).isGreaterThan(0.5);
        JsonNode metrics = metrics("demand");
        assertThat(metrics.at("/cv/strategy").asText()).isEqualTo("time");
        assertThat(metrics.at("/cv/seasonal_naive_baseline")).hasSize(2);
        assertThat(metrics.at("/holdout_seasonal_naive_baseline/rows").asLong())
                .isEqualTo(metrics.at("/holdout/rows").asLong());
        assertThat(java.nio.file.Files.readString(dir.resolve("demand/model/MLmodel")))
                .contains("outputs:", "prediction", "double").doesNotContain("probability");
        for (String plot : List.of("predicted_vs_actual.png", "residuals.png", "forecast.png")) {
            assertThat(dir.resolve("demand/model/plots").resolve(plot)).isNotEmptyFile();
        }
        // the holdout is the latest days: every later day of the source is in it
        Dataset<Row> holdout = spark.read().parquet(dir.resolve("demand/holdout").toString());
        Row span = holdout.agg(min(col("_time")), max(col("_time"))).first();
        Dataset<Row> source = spark.read().option("header", true)
                .csv(SparkSessionExtension.repoFile("data/samples/chicago_ridership.csv").toString());
        long later = source.filter(col("date").geq(span.getDate(0).toString())).count();
        assertThat(later).isEqualTo(holdout.count());
        assertThat(span.getDate(1).toString()).isEqualTo(
                source.agg(max(col("date"))).first().getString(0));

        // score the raw series (date and ridership history, no feature columns): the bundle's time
        // stage computes the features, and the holdout days get the predictions their precomputed rows get
        String series = SparkSessionExtension.repoFile("data/samples/chicago_ridership.csv").toString();
        CliTest.Run raw = CliTest.run("score", "--model", dir.resolve("demand/model").toString(), "--input", series,
                "--output", dir.resolve("demand/raw-scores").toString(), "--json");
        assertThat(raw.code()).as(raw.err()).isZero();
        CliTest.Run featured = CliTest.run("score", "--model", dir.resolve("demand/model").toString(), "--input",
                dir.resolve("demand/holdout").toString(), "--output", dir.resolve("demand/holdout-scores").toString());
        assertThat(featured.code()).as(featured.err()).isZero();
        List<Double> fromSeries = spark.read().parquet(dir.resolve("demand/raw-scores").toString())
                .select("prediction").as(org.apache.spark.sql.Encoders.DOUBLE()).collectAsList();
        List<Double> fromFeatures = spark.read().parquet(dir.resolve("demand/holdout-scores").toString())
                .select("prediction").as(org.apache.spark.sql.Encoders.DOUBLE()).collectAsList();
        assertThat(fromSeries).hasSize((int) source.count());
        java.util.TreeSet<Double> seriesValues = new java.util.TreeSet<>(fromSeries);
        assertThat(fromFeatures).isNotEmpty().allSatisfy(p -> {
            Double near = seriesValues.ceiling(p - 1e-9);
            assertThat(near).as("prediction %s of a holdout day", p).isNotNull().isCloseTo(p, within(1e-9));
        });
        java.nio.file.Files.writeString(dir.resolve("no-series.csv"), "Austin,Quincy_Wells\n1.4,8.3\n");
        CliTest.Run bad = CliTest.run("score", "--model", dir.resolve("demand/model").toString(), "--input",
                dir.resolve("no-series.csv").toString(), "--output", dir.resolve("demand/bad").toString());
        assertThat(bad.code()).isEqualTo(3);
        assertThat(bad.err()).contains("nor the series to compute them from: add the date column 'date' and the"
                + " target 'ridership'");
    }

    @Test
    void sentimentLearnsFromTheReviewTextAndScoresNewReviews() throws IOException {
        JsonNode summary = train("sentiment", "fine_foods_train.csv", "cv.folds=2",
                "features.text.vocabulary=2000", "models=[{family: logistic-regression,"
                        + " params: {max-iter: 30}, grid: {reg-param: [0.2]}}]");

        // the text alone ranks 5-star reviews above the rest far better than chance (0.5)
        assertThat(summary.at("/holdout/auc").asDouble()).isGreaterThan(0.72);
        Path bundle = dir.resolve("sentiment/model");
        Signature signature = ModelBundle.open(bundle).signature();
        assertThat(signature.columns(Signature.ROLE_TEXT)).containsExactly("review");
        assertThat(signature.columns(Signature.ROLE_NUMERIC)).isEmpty();
        CliTest.Run scored = CliTest.run("score", "--model", bundle.toString(), "--input",
                dir.resolve("sentiment/holdout").toString(), "--output", dir.resolve("sentiment/scores").toString(),
                "--json");
        assertThat(scored.code()).as(scored.err()).isZero();
        List<Row> rows = spark.read().parquet(dir.resolve("sentiment/scores").toString()).collectAsList();
        assertThat(rows).extracting(r -> r.<String>getAs("prediction")).containsOnly("great", "other");
    }

    @Test
    void inventoryTurnsAForecastIntoOrderQuantitiesAndReorderPoints() throws IOException {
        Path forecast = dir.resolve("forecast.csv");
        java.nio.file.Files.writeString(forecast, "item,week,mean,std\nbolts,1,40,6\nbolts,2,60,8\nnuts,1,10,0\n");
        CliTest.Run run = CliTest.run("inventory", "--forecast", forecast.toString(), "--output",
                dir.resolve("inventory").toString(), "--order-cost", "100", "--holding-cost", "1", "--lead-time", "9",
                "--service-level", "0.95", "--periods-per-year", "365", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.json().at("/items").asLong()).isEqualTo(2);
        Row bolts = spark.read().option("header", true).option("inferSchema", true)
                .csv(dir.resolve("inventory").toString()).orderBy("item").first();
        // mean 50 a day: EOQ = sqrt(2 x 18,250 x 100 / 1) = 1910.5; ROP = 450 + 1.645 x sqrt(50) x 3
        assertThat(bolts.<Double>getAs("eoq")).isCloseTo(1910.50, org.assertj.core.api.Assertions.within(0.01));
        assertThat(bolts.<Double>getAs("reorder_point")).isCloseTo(484.89, org.assertj.core.api.Assertions.within(0.01));

        CliTest.Run bad = CliTest.run("inventory", "--forecast", forecast.toString(), "--output",
                dir.resolve("inventory2").toString(), "--order-cost", "100", "--holding-cost", "1", "--lead-time", "9",
                "--service-level", "95");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--service-level must be above 0.5 and below 1 (e.g. 0.95), found 95.0");
    }

    @Test
    void intentRunsTheTextPipelineOnAMultiClassLabel() throws IOException {
        JsonNode summary = train("intent", "spamassassin_intents.csv", "cv.folds=2",
                "features.text.vocabulary=2000", "models[0].grid.reg-param=[0.1]", "models[0].params.max-iter=30");

        assertThat(summary.at("/task").asText()).isEqualTo("multiclass");
        // three kinds, the rarest 12% of rows: far above the 0.33 of always answering the commonest
        assertThat(summary.at("/holdout/macro-f1").asDouble()).isGreaterThan(0.6);
        Signature signature = ModelBundle.open(dir.resolve("intent/model")).signature();
        assertThat(signature.classes()).containsExactly("easy-ham", "hard-ham", "spam");
        assertThat(signature.columns(Signature.ROLE_TEXT)).containsExactly("text");
    }

    @Test
    void recommendationCrossValidatesAlsRanksHeldOutRatingsAndScoresTopNPerUser() throws Exception {
        JsonNode summary = train("recommendation", "insteval_ratings.csv", "cv.folds=2",
                "models[0].params.max-iter=5", "models[0].grid={rank: [5], reg-param: [0.1, 0.5]}");

        assertThat(summary.at("/task").asText()).isEqualTo("recommendation");
        JsonNode metrics = metrics("recommendation");
        assertThat(metrics.at("/cv/candidates")).hasSize(2);
        metrics.at("/cv/candidates").forEach(c -> assertThat(c.at("/folds")).hasSize(2));
        // held-out ratings (1 to 5, spread 1.33) are predicted better than a coin, and top 10 lists are ranked
        assertThat(summary.at("/holdout/rmse").asDouble()).isBetween(0.8, 1.6);
        assertThat(metrics.at("/holdout/ranked_users").asLong()).isGreaterThan(1000);
        assertThat(metrics.at("/holdout/k").asInt()).isEqualTo(10);
        assertThat(summary.at("/holdout/precision-at-k").asDouble()).isBetween(0.0, 1.0);
        assertThat(summary.at("/holdout/ndcg-at-k").asDouble()).isBetween(0.0, 1.0);
        // side by side: the training mean rating and the popularity list on the same held-out users
        assertThat(summary.at("/baseline/rmse").asDouble()).isBetween(0.8, 2.0);
        assertThat(summary.at("/baseline/precision-at-k").asDouble()).isBetween(0.0, 1.0);
        assertThat(summary.at("/baseline/ndcg-at-k").asDouble()).isBetween(0.0, 1.0);
        Path bundle = dir.resolve("recommendation/model");
        assertThat(bundle.resolve("plots/predicted_vs_actual.png")).isNotEmptyFile();
        // exported by train as a top-N graph, proven on the held-out users and two unseen ones
        JsonNode parity = JSON.readTree(bundle.resolve("parity.json").toFile());
        assertThat(parity.at("/passed").asBoolean()).as(parity.toString()).isTrue();
        assertThat(parity.at("/rows").asLong()).isGreaterThan(1000);
        assertThat(parity.at("/mismatched_predictions").asLong()).isZero();

        // student 1's history is passed along: none of the lecturers they rated comes back
        Path input = dir.resolve("users.csv");
        java.nio.file.Files.writeString(input, "student_id,lecturer_id\n1,1002\n1,1050\nnobody-new,\n");
        CliTest.Run scored = CliTest.run("score", "--model", bundle.toString(), "--input", input.toString(),
                "--output", dir.resolve("recommendation/scores").toString(), "--json");
        assertThat(scored.code()).as(scored.err()).isZero();
        List<Row> rows = spark.read().parquet(dir.resolve("recommendation/scores").toString())
                .orderBy("student_id", "rank").collectAsList();
        assertThat(rows).hasSize(20);
        assertThat(rows.get(0).schema().fieldNames()).startsWith("student_id", "rank", "lecturer_id", "score", "source",
                "model_name");
        List<Row> known = rows.subList(0, 10);
        assertThat(known).extracting(r -> r.<Integer>getAs("rank")).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(known).allSatisfy(r -> assertThat(r.<String>getAs("source")).isEqualTo("model"));
        assertThat(known).extracting(r -> r.<String>getAs("lecturer_id")).doesNotContain("1002", "1050");
        assertThat(known).extracting(r -> r.<Double>getAs("score")).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        List<Row> coldStart = rows.subList(10, 20);
        assertThat(coldStart).allSatisfy(r -> assertThat(r.<String>getAs("source")).isEqualTo("popularity"));
        assertThat(coldStart.get(0).<String>getAs("lecturer_id")).isEqualTo(
                JSON.readTree(bundle.resolve("recommendation.json").toFile()).at("/popular/0/item").asText());

        // online, without Spark: the same cold-start list, and student 1's list (the graph knows no history)
        try (OnnxModel onnx = OnnxModel.load(bundle.resolve("onnx/model.onnx"),
                ModelBundle.open(bundle).signature())) {
            OnnxPrediction.Recommendations online = onnx.predict(List.of(Map.of("student_id", "nobody-new"),
                    Map.of("student_id", 1))).recommendations();
            assertThat(online.sources()).containsExactly("popularity", "model");
            assertThat(online.items()[0]).containsExactly(coldStart.stream().map(r -> r.<String>getAs("lecturer_id"))
                    .toArray(String[]::new));
            assertThat(online.items()[1]).hasSize(10).contains(known.stream().limit(3)
                    .map(r -> r.<String>getAs("lecturer_id")).toArray(String[]::new));
        }

        // and over HTTP, as trainyard serve answers
        try (ModelServer server = ModelServer.start(ServerOptions.defaults(0), new BundleFolderSource(bundle))) {
            server.loadModel();
            HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + server.port() + "/v1/models/recommendation/predict")).POST(
                    HttpRequest.BodyPublishers.ofString("{\"instances\":[{\"student_id\":\"nobody-new\"}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
            JsonNode answer = JSON.readTree(reply.body()).at("/predictions/0");
            assertThat(answer.at("/source").asText()).isEqualTo("popularity");
            assertThat(answer.at("/recommendations")).hasSize(10);
            assertThat(answer.at("/recommendations/0/rank").asInt()).isEqualTo(1);
            assertThat(answer.at("/recommendations/0/item").asText()).isEqualTo(coldStart.get(0).<String>getAs("lecturer_id"));
            assertThat(answer.at("/recommendations/0/score").asDouble()).isEqualTo(coldStart.get(0).<Double>getAs("score"));
        }

        CliTest.Run onnxEngine = CliTest.run("score", "--model", bundle.toString(), "--input", input.toString(),
                "--output", dir.resolve("recommendation/onnx-scores").toString(), "--engine", "onnx");
        assertThat(onnxEngine.code()).isEqualTo(2);
        assertThat(onnxEngine.err()).contains("is a recommendation model", "drop --engine onnx");
        assertThat(dir.resolve("recommendation/onnx-scores")).doesNotExist();

        CliTest.Run export = CliTest.run("export", "--model", bundle.toString(), "--json");
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.json().at("/parity/passed").asBoolean()).isTrue();
    }
}
