package io.trainyard.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.features.testing.SparkSessionExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model lifecycle from the command line on the embedded tracking server: train registers a
 * challenger, promote gates it, score resolves the alias, rollback returns, history remembers.
 */
@ExtendWith(SparkSessionExtension.class)
class RegistryCliTest {
    @TempDir
    Path dir;

    private final SparkSession spark;

    RegistryCliTest(SparkSession spark) {
        this.spark = spark;
    }

    private CliTest.Run run(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        if (!all.contains("--tracking-uri")) {
            all.addAll(List.of("--store", dir.resolve("mlruns").toString()));
        }
        return CliTest.run(all.toArray(new String[0]));
    }

    private JsonNode train(Path config, String... sets) throws IOException {
        List<String> args = new ArrayList<>(List.of("train", "--config", config.toString(), "--json"));
        for (String set : sets) {
            args.addAll(List.of("--set", set));
        }
        CliTest.Run run = run(args.toArray(new String[0]));
        assertThat(run.code()).as(run.err()).isZero();
        return run.json();
    }

    private Path config() throws IOException {
        return CliTest.smallChurnConfig(dir.resolve("churn.yaml"), dir.resolve("run"));
    }

    @Test
    void trainPromoteScoreRollbackAndTheHistoryOfEveryMove() throws IOException {
        System.setProperty("trainyard.cache", dir.resolve("cache").toString());
        Path config = config();
        JsonNode first = train(config);
        assertThat(first.get("version").asText()).isEqualTo("1");
        assertThat(first.get("alias").asText()).isEqualTo("challenger");

        CliTest.Run promoted = run("promote", "--model", "churn", "--json");
        assertThat(promoted.code()).as(promoted.err()).isZero();
        assertThat(promoted.json().at("/gates/min").asText()).startsWith("pass: auc ");
        CliTest.Run again = run("promote", "--model", "churn");
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("Version 1 of 'churn' is already the champion");

        train(config, "promotion.min=0.99");
        CliTest.Run refused = run("promote", "--model", "churn");
        assertThat(refused.code()).isEqualTo(5);
        assertThat(refused.err()).contains("Promotion of churn version 2 refused by gate min: auc 0.")
                .contains(">= 0.9900").contains("the champion stays 1");

        train(config);
        CliTest.Run third = run("promote", "--model", "churn", "--reason", "weekly retrain", "--json");
        assertThat(third.code()).as(third.err()).isZero();
        assertThat(third.json().get("previous").asText()).isEqualTo("1");
        assertThat(third.json().at("/gates/min-gain").asText()).startsWith("pass: auc ");

        Path scores = dir.resolve("scores");
        CliTest.Run scored = run("score", "--model", "churn@champion", "--input", dir.resolve("run/holdout").toString(),
                "--output", scores.toString(), "--json");
        assertThat(scored.code()).as(scored.err()).isZero();
        Row stamp = spark.read().parquet(scores.toString()).select("model_version", "model_alias", "run_id").first();
        assertThat(stamp.getString(0)).isEqualTo("3");
        assertThat(stamp.getString(1)).isEqualTo("champion");
        assertThat(stamp.getString(2)).isEqualTo(scored.json().get("run_id").asText()).isNotBlank();

        CliTest.Run rolledBack = run("rollback", "--model", "churn", "--reason", "bad scores", "--json");
        assertThat(rolledBack.code()).as(rolledBack.err()).isZero();
        assertThat(rolledBack.json().get("champion").asText()).isEqualTo("1");
        assertThat(rolledBack.json().get("previous").asText()).isEqualTo("3");

        CliTest.Run history = run("models", "history", "churn", "--json");
        List<String> championMoves = new ArrayList<>();
        for (JsonNode entry : history.json().get("history")) {
            if ("champion".equals(entry.get("alias").asText())) {
                championMoves.add(entry.get("from_version").asText("") + "->" + entry.get("to_version").asText()
                        + " " + entry.get("reason").asText());
            }
        }
        assertThat(championMoves).containsExactly("->1 promote", "1->3 weekly retrain", "3->1 rollback: bad scores");
        CliTest.Run shown = run("models", "show", "churn");
        assertThat(shown.out()).contains("champion", "challenger", "previous");
    }

    @Test
    void rollbackRefusesAVersionThatNoLongerLoads() throws IOException {
        System.setProperty("trainyard.cache", dir.resolve("cache").toString());
        Path config = config();
        train(config);
        assertThat(run("promote", "--model", "churn").code()).isZero();
        train(config);
        assertThat(run("promote", "--model", "churn").code()).isZero();
        // version 1's bundle loses its Spark model in the artifact store (and in the local cache)
        String source = "";
        for (JsonNode version : run("models", "show", "churn", "--json").json().get("versions")) {
            if (version.get("version").asText().equals("1")) {
                source = version.get("source").asText();
            }
        }
        assertThat(source).startsWith("mlflow-artifacts:/");
        deleteTree(dir.resolve("mlruns/artifacts").resolve(source.substring("mlflow-artifacts:/".length()))
                .resolve("sparkml/metadata"));
        try (Stream<Path> cached = Files.list(dir.resolve("cache/trainyard-models"))) {
            for (Path p : cached.filter(p -> p.getFileName().toString().startsWith("churn-1-")).toList()) {
                deleteTree(p.resolve("sparkml/metadata"));
            }
        }
        CliTest.Run refused = run("rollback", "--model", "churn", "--to", "1");
        assertThat(refused.code()).isEqualTo(3);
        assertThat(refused.err()).contains("Version 1 of 'churn' no longer loads (").contains("the champion is unchanged");
        assertThat(run("models", "show", "churn").out()).containsPattern("2\\s+challenger,champion");
    }

    @Test
    void anUnreachableTrackingServerIsExitFour() {
        CliTest.Run run = run("models", "list", "--tracking-uri", "http://127.0.0.1:9");
        assertThat(run.code()).isEqualTo(4);
        assertThat(run.err()).contains("127.0.0.1:9");
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
