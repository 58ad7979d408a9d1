package io.trainyard.tracking.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Run reads: runs/get, metrics/get-history and runs/search, and the run JSON shape they share. */
final class RunQueries {
    private static final String METRIC_COLUMNS = "key, value, timestamp, step, seq";
    private static final int DEFAULT_MAX_RESULTS = 1000;

    private RunQueries() {
    }

    static void register(ApiRouter router) {
        router.register("GET", "runs/get", (r, c) -> wrap("run", load(c, r.requiredEither("run_id", "run_uuid"))));
        router.register("GET", "metrics/get-history", RunQueries::history);
        router.register("POST", "runs/search", RunQueries::search);
        router.register("GET", "runs/search", RunQueries::search);
    }

    record MetricRow(String key, double value, long timestamp, long step, long seq) {
        ObjectNode toJson() {
            ObjectNode node = Json.object().put("key", key);
            Json.putDouble(node, "value", value);
            return node.put("timestamp", timestamp).put("step", step);
        }
    }

    static ObjectNode load(Connection connection, String runId) throws SQLException {
        ObjectNode info = Sql.one(connection, "SELECT * FROM runs WHERE run_id = ?", RunQueries::info, runId)
                .orElseThrow(() -> ApiError.notFound("Run with id=" + runId + " not found"));
        ObjectNode data = Json.object();
        ArrayNode metrics = data.putArray("metrics");
        latest(metrics(connection, runId, null)).forEach(metric -> metrics.add(metric.toJson()));
        data.set("params", Json.keyValues(Sql.keyValues(connection,
                "SELECT key, value FROM params WHERE run_id = ? ORDER BY key", runId)));
        data.set("tags", Json.keyValues(Sql.keyValues(connection,
                "SELECT key, value FROM run_tags WHERE run_id = ? ORDER BY key", runId)));
        ObjectNode run = Json.object();
        run.set("info", info);
        run.set("data", data);
        run.putObject("inputs");
        return run;
    }

    private static ObjectNode info(ResultSet row) throws SQLException {
        ObjectNode info = Json.object()
                .put("run_id", row.getString("run_id"))
                .put("run_uuid", row.getString("run_id"))
                .put("run_name", row.getString("run_name"))
                .put("experiment_id", row.getString("experiment_id"))
                .put("user_id", row.getString("user_id"))
                .put("status", row.getString("status"))
                .put("start_time", row.getLong("start_time"))
                .put("artifact_uri", row.getString("artifact_uri"))
                .put("lifecycle_stage", row.getString("lifecycle_stage"));
        Long end = Sql.nullableLong(row, "end_time");
        if (end != null) {
            info.put("end_time", end);
        }
        return info;
    }

    private static List<MetricRow> metrics(Connection connection, String runId, String key) throws SQLException {
        String sql = "SELECT " + METRIC_COLUMNS + " FROM metrics WHERE run_id = ?"
                + (key == null ? "" : " AND key = ?") + " ORDER BY seq";
        Sql.Row<MetricRow> row = r -> new MetricRow(r.getString("key"), Double.parseDouble(r.getString("value")),
                r.getLong("timestamp"), r.getLong("step"), r.getLong("seq"));
        return key == null ? Sql.list(connection, sql, row, runId) : Sql.list(connection, sql, row, runId, key);
    }

    /** MLflow's "latest" value of each metric: the highest step, then the latest timestamp. */
    private static List<MetricRow> latest(List<MetricRow> rows) {
        Comparator<MetricRow> order = Comparator.comparingLong(MetricRow::step)
                .thenComparingLong(MetricRow::timestamp).thenComparingLong(MetricRow::seq);
        Map<String, MetricRow> latest = new LinkedHashMap<>();
        for (MetricRow row : rows) {
            latest.merge(row.key(), row, (a, b) -> order.compare(a, b) >= 0 ? a : b);
        }
        List<MetricRow> values = new ArrayList<>(latest.values());
        values.sort(Comparator.comparing(MetricRow::key));
        return values;
    }

    private static ObjectNode history(ApiRequest request, Connection connection) throws SQLException {
        String runId = request.requiredEither("run_id", "run_uuid");
        load(connection, runId);
        ArrayNode metrics = Json.array();
        metrics(connection, runId, request.required("metric_key")).forEach(m -> metrics.add(m.toJson()));
        ObjectNode response = Json.object();
        response.set("metrics", metrics);
        return response;
    }

    private static ObjectNode search(ApiRequest request, Connection connection) throws SQLException {
        List<String> experimentIds = request.list("experiment_ids");
        String viewType = request.optional("run_view_type", "ACTIVE_ONLY");
        Filter filter = Filter.parse(request.optional("filter", ""));
        List<ObjectNode> matches = new ArrayList<>();
        for (String experimentId : experimentIds) {
            List<String> runIds = Sql.list(connection, "SELECT run_id FROM runs WHERE experiment_id = ?"
                    + " ORDER BY start_time DESC, run_id", r -> r.getString(1), Long.parseLong(experimentId));
            for (String runId : runIds) {
                ObjectNode run = load(connection, runId);
                if (visible(run, viewType) && filter.matches(field -> RunFields.lookup(run, field))) {
                    matches.add(run);
                }
            }
        }
        RunFields.sort(matches, request.list("order_by"));
        return Paging.page(matches, "runs", request, DEFAULT_MAX_RESULTS);
    }

    private static boolean visible(ObjectNode run, String viewType) {
        String stage = run.get("info").get("lifecycle_stage").asText();
        return switch (viewType) {
            case "ALL" -> true;
            case "DELETED_ONLY" -> "deleted".equals(stage);
            default -> "active".equals(stage);
        };
    }

    private static ObjectNode wrap(String field, ObjectNode value) {
        ObjectNode response = Json.object();
        response.set(field, value);
        return response;
    }
}
