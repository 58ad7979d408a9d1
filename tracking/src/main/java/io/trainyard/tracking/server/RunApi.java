package io.trainyard.tracking.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Run writes: runs/create, update, delete, log-batch, log-metric, log-parameter, set-tag, delete-tag. */
final class RunApi {
    private static final Set<String> STATUSES = Set.of("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED");
    private static final int MAX_METRICS = 1000;
    private static final int MAX_PARAMS = 100;
    private static final int MAX_TAGS = 100;

    private RunApi() {
    }

    static void register(ApiRouter router) {
        router.register("POST", "runs/create", RunApi::create);
        router.register("POST", "runs/update", RunApi::update);
        router.register("POST", "runs/delete", RunApi::delete);
        router.register("POST", "runs/log-batch", RunApi::logBatch);
        router.register("POST", "runs/log-metric", (r, c) -> logMetric(c, runId(r, c), r.all()));
        router.register("POST", "runs/log-parameter", (r, c) -> logParam(c, runId(r, c), r.required("key"),
                r.optional("value", "")));
        router.register("POST", "runs/set-tag", (r, c) -> setTag(c, runId(r, c), r.required("key"),
                r.optional("value", "")));
        router.register("POST", "runs/delete-tag", RunApi::deleteTag);
    }

    private static ObjectNode create(ApiRequest request, Connection connection) throws SQLException {
        String experimentId = request.optional("experiment_id", "0");
        ObjectNode experiment = ExperimentApi.load(connection, experimentId);
        String runId = UUID.randomUUID().toString().replace("-", "");
        String runName = request.optional("run_name", "");
        for (JsonNode tag : request.objects("tags")) {
            if ("mlflow.runName".equals(Json.text(tag, "key")) && runName.isEmpty()) {
                runName = Json.text(tag, "value");
            }
        }
        if (runName.isEmpty()) {
            runName = "run-" + runId.substring(0, 8);
        }
        String artifactUri = experiment.get("artifact_location").asText() + "/" + runId + "/artifacts";
        Sql.update(connection, "INSERT INTO runs (run_id, experiment_id, run_name, user_id, status, start_time,"
                + " artifact_uri, lifecycle_stage) VALUES (?, ?, ?, ?, 'RUNNING', ?, ?, 'active')",
                runId, Long.parseLong(experimentId), runName, request.optional("user_id", ""),
                request.longValue("start_time", System.currentTimeMillis()), artifactUri);
        for (JsonNode tag : request.objects("tags")) {
            setTag(connection, runId, Json.text(tag, "key"), Json.text(tag, "value"));
        }
        setTag(connection, runId, "mlflow.runName", runName);
        ObjectNode response = Json.object();
        response.set("run", RunQueries.load(connection, runId));
        return response;
    }

    private static ObjectNode update(ApiRequest request, Connection connection) throws SQLException {
        String runId = runId(request, connection);
        String status = request.optional("status", null);
        if (status != null && !STATUSES.contains(status)) {
            throw ApiError.invalid("Run status '" + status + "' is not one of " + STATUSES + ".");
        }
        if (status != null) {
            Sql.update(connection, "UPDATE runs SET status = ? WHERE run_id = ?", status, runId);
        }
        if (request.has("end_time")) {
            Sql.update(connection, "UPDATE runs SET end_time = ? WHERE run_id = ?",
                    request.longValue("end_time", 0), runId);
        }
        String runName = request.optional("run_name", "");
        if (!runName.isEmpty()) {
            Sql.update(connection, "UPDATE runs SET run_name = ? WHERE run_id = ?", runName, runId);
            setTag(connection, runId, "mlflow.runName", runName);
        }
        ObjectNode response = Json.object();
        response.set("run_info", RunQueries.load(connection, runId).get("info"));
        return response;
    }

    private static ObjectNode delete(ApiRequest request, Connection connection) throws SQLException {
        String runId = runId(request, connection);
        Sql.update(connection, "UPDATE runs SET lifecycle_stage = 'deleted' WHERE run_id = ?", runId);
        return Json.object();
    }

    private static ObjectNode logBatch(ApiRequest request, Connection connection) throws SQLException {
        String runId = runId(request, connection);
        List<JsonNode> metrics = request.objects("metrics");
        List<JsonNode> params = request.objects("params");
        List<JsonNode> tags = request.objects("tags");
        if (metrics.size() > MAX_METRICS || params.size() > MAX_PARAMS || tags.size() > MAX_TAGS) {
            throw ApiError.invalid("A batch logging request can contain at most " + MAX_METRICS + " metrics, "
                    + MAX_PARAMS + " params and " + MAX_TAGS + " tags; got " + metrics.size() + ", "
                    + params.size() + " and " + tags.size() + ".");
        }
        for (JsonNode param : params) {
            logParam(connection, runId, Json.text(param, "key"), Json.text(param, "value"));
        }
        for (JsonNode metric : metrics) {
            logMetric(connection, runId, metric);
        }
        for (JsonNode tag : tags) {
            setTag(connection, runId, Json.text(tag, "key"), Json.text(tag, "value"));
        }
        return Json.object();
    }

    private static ObjectNode logMetric(Connection connection, String runId, JsonNode metric) throws SQLException {
        String key = Json.text(metric, "key");
        if (key == null || key.isEmpty()) {
            throw ApiError.invalid("Missing value for required parameter 'key'.");
        }
        double value = Json.doubleValue(metric, "value");
        long timestamp = Json.longValue(metric, "timestamp", System.currentTimeMillis());
        long step = Json.longValue(metric, "step", 0);
        // as MLflow's SQL store: the same (key, value, timestamp, step) logged twice is kept once, so a
        // client replaying a batch after a lost connection does not double the history
        Sql.update(connection, "INSERT INTO metrics (run_id, key, value, timestamp, step) SELECT ?, ?, ?, ?, ?"
                + " WHERE NOT EXISTS (SELECT 1 FROM metrics WHERE run_id = ? AND key = ? AND value = ?"
                + " AND timestamp = ? AND step = ?)", runId, key, Double.toString(value), timestamp, step,
                runId, key, Double.toString(value), timestamp, step);
        return Json.object();
    }

    private static ObjectNode logParam(Connection connection, String runId, String key, String value)
            throws SQLException {
        if (key == null || key.isEmpty()) {
            throw ApiError.invalid("Missing value for required parameter 'key'.");
        }
        String existing = Sql.one(connection, "SELECT value FROM params WHERE run_id = ? AND key = ?",
                r -> r.getString(1), runId, key).orElse(null);
        if (existing != null && !existing.equals(value)) {
            throw ApiError.invalid("Changing param values is not allowed. Param with key='" + key
                    + "' was already logged with value='" + existing + "' for run ID='" + runId
                    + "'. Attempted logging new value '" + value + "'.");
        }
        Sql.update(connection, "INSERT OR IGNORE INTO params (run_id, key, value) VALUES (?, ?, ?)", runId, key, value);
        return Json.object();
    }

    private static ObjectNode setTag(Connection connection, String runId, String key, String value)
            throws SQLException {
        if (key == null || key.isEmpty()) {
            throw ApiError.invalid("Missing value for required parameter 'key'.");
        }
        Sql.update(connection, "INSERT OR REPLACE INTO run_tags (run_id, key, value) VALUES (?, ?, ?)",
                runId, key, value == null ? "" : value);
        return Json.object();
    }

    private static ObjectNode deleteTag(ApiRequest request, Connection connection) throws SQLException {
        String runId = runId(request, connection);
        String key = request.required("key");
        if (Sql.update(connection, "DELETE FROM run_tags WHERE run_id = ? AND key = ?", runId, key) == 0) {
            throw ApiError.notFound("No tag with name: " + key + " in run with id " + runId);
        }
        return Json.object();
    }

    /** The request's run, which must exist and not be deleted. */
    private static String runId(ApiRequest request, Connection connection) throws SQLException {
        String runId = request.requiredEither("run_id", "run_uuid");
        String stage = Sql.one(connection, "SELECT lifecycle_stage FROM runs WHERE run_id = ?",
                r -> r.getString(1), runId)
                .orElseThrow(() -> ApiError.notFound("Run with id=" + runId + " not found"));
        if (!"active".equals(stage)) {
            throw ApiError.invalid("The run " + runId + " must be in the 'active' state. Current state is "
                    + stage + ".");
        }
        return runId;
    }
}
