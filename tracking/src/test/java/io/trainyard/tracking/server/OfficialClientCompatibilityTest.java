package io.trainyard.tracking.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.tracking.TrackingClient;
import io.trainyard.tracking.registry.ModelRegistry;
import io.trainyard.tracking.rest.TrackingConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;

/** The official org.mlflow Java client, unmodified, against the embedded server. */
class OfficialClientCompatibilityTest {
    @TempDir
    Path store;

    private EmbeddedTrackingServer server;
    private MlflowClient client;

    @BeforeEach
    void start() {
        server = EmbeddedTrackingServer.start("127.0.0.1", 0, store);
        client = new MlflowClient(server.uri().toString());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void officialClientCreatesExperimentsAndFindsThemByName() {
        String id = client.createExperiment("churn");

        assertThat(client.getExperimentByName("churn")).hasValueSatisfying(e -> {
            assertThat(e.getExperimentId()).isEqualTo(id);
            assertThat(e.getArtifactLocation()).isEqualTo("mlflow-artifacts:/" + id);
        });
        assertThat(client.getExperiment(id).getName()).isEqualTo("churn");
        assertThat(client.getExperimentByName("absent")).isEmpty();
        assertThat(client.searchExperiments().getItems()).extracting(e -> e.getName())
                .contains("Default", "churn");
    }

    @Test
    void officialClientLogsMetricsWithStepsAndReadsTheirHistory() {
        String experimentId = client.createExperiment("cv");
        RunInfo run = client.createRun(experimentId);
        double[] foldAuc = {0.80, 0.81, 0.82};
        for (int fold = 0; fold < foldAuc.length; fold++) {
            client.logMetric(run.getRunId(), "auc", foldAuc[fold], 1000L + fold, fold);
        }
        // a replayed value (same key, value, timestamp, step) is kept once, as in MLflow's SQL store
        client.logMetric(run.getRunId(), "auc", foldAuc[2], 1002L, 2);
        client.logParam(run.getRunId(), "maxDepth", "5");
        client.setTag(run.getRunId(), "trainyard.config_hash", "abc123");
        client.logBatch(run.getRunId(),
                List.of(Metric.newBuilder().setKey("holdout_auc").setValue(0.91).setTimestamp(5).setStep(0).build()),
                List.of(Param.newBuilder().setKey("eta").setValue("0.1").build()),
                List.of(RunTag.newBuilder().setKey("team").setValue("growth").build()));
        client.setTerminated(run.getRunId(), RunStatus.FINISHED);

        List<Metric> history = client.getMetricHistory(run.getRunId(), "auc");
        assertThat(history).extracting(Metric::getStep).containsExactly(0L, 1L, 2L);
        assertThat(history).extracting(Metric::getValue).containsExactly(0.8, 0.81, 0.82);
        var stored = client.getRun(run.getRunId());
        assertThat(stored.getInfo().getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(stored.getInfo().getArtifactUri())
                .isEqualTo("mlflow-artifacts:/" + experimentId + "/" + run.getRunId() + "/artifacts");
        assertThat(stored.getData().getMetricsList()).extracting(Metric::getKey, Metric::getValue)
                .contains(org.assertj.core.groups.Tuple.tuple("auc", 0.82));
        assertThat(stored.getData().getParamsList()).extracting(Param::getKey).containsExactly("eta", "maxDepth");
        assertThat(stored.getData().getTagsList()).extracting(RunTag::getKey)
                .contains("team", "trainyard.config_hash", "mlflow.runName");
    }

    @Test
    void officialClientSearchesRunsWithSimpleFilters() {
        String experimentId = client.createExperiment("search");
        RunInfo good = client.createRun(experimentId);
        RunInfo bad = client.createRun(experimentId);
        client.logMetric(good.getRunId(), "auc", 0.9);
        client.logMetric(bad.getRunId(), "auc", 0.6);
        client.logParam(good.getRunId(), "model", "gbt");
        client.logParam(bad.getRunId(), "model", "lr");

        assertThat(runIds(experimentId, "metrics.auc > 0.8", List.of())).containsExactly(good.getRunId());
        assertThat(runIds(experimentId, "params.model = 'lr'", List.of())).containsExactly(bad.getRunId());
        assertThat(runIds(experimentId, "", List.of("metrics.auc DESC")))
                .containsExactly(good.getRunId(), bad.getRunId());
        assertThat(runIds(experimentId, "attributes.status = 'RUNNING'", List.of())).hasSize(2);
    }

    private List<String> runIds(String experimentId, String filter, List<String> orderBy) {
        return client.searchRuns(List.of(experimentId), filter, ViewType.ACTIVE_ONLY, 10, orderBy).getItems()
                .stream().map(run -> run.getInfo().getRunId()).toList();
    }

    @Test
    void officialClientReadsRegistryEntriesWrittenByTrainyard() {
        try (TrackingClient trainyard = TrackingClient.connect(TrackingConfig.of(server.uri()))) {
            ModelRegistry registry = trainyard.registry();
            registry.createModel("churn", "churn model");
            registry.createVersion("churn", "mlflow-artifacts:/0/r1/artifacts/model", "r1", Map.of(), null);
            registry.createVersion("churn", "mlflow-artifacts:/0/r2/artifacts/model", "r2", Map.of(), null);
        }

        assertThat(client.getRegisteredModel("churn").getDescription()).isEqualTo("churn model");
        ModelVersion version = client.getModelVersion("churn", "2");
        assertThat(version.getSource()).isEqualTo("mlflow-artifacts:/0/r2/artifacts/model");
        assertThat(version.getStatus().name()).isEqualTo("READY");
        assertThat(client.getModelVersionDownloadUri("churn", "1")).isEqualTo("mlflow-artifacts:/0/r1/artifacts/model");
        assertThat(client.searchModelVersions("name = 'churn'").getItems()).extracting(ModelVersion::getVersion)
                .containsExactlyInAnyOrder("1", "2");
        assertThat(client.getLatestVersions("churn")).extracting(ModelVersion::getVersion).containsExactly("2");
        assertThatThrownBy(() -> client.getModelVersion("churn", "9"))
                .isInstanceOf(MlflowHttpException.class)
                .satisfies(e -> assertThat(((MlflowHttpException) e).getStatusCode()).isEqualTo(404))
                .hasMessageContaining("RESOURCE_DOES_NOT_EXIST");
    }
}
