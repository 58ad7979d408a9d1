package io.trainyard.tracking.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** experiments/create, get, get-by-name, search and set-experiment-tag. */
final class ExperimentApi {
    private static final String COLUMNS = "experiment_id, name, artifact_location, lifecycle_stage,"
            + " creation_time, last_update_time";

    private ExperimentApi() {
    }

    static void register(ApiRouter router) {
        router.register("POST", "experiments/create", ExperimentApi::create);
        router.register("GET", "experiments/get", (r, c) -> wrap(load(c, r.required("experiment_id"))));
        router.register("GET", "experiments/get-by-name", ExperimentApi::getByName);
        router.register("POST", "experiments/search", ExperimentApi::search);
        router.register("GET", "experiments/search", ExperimentApi::search);
        router.register("POST", "experiments/set-experiment-tag", ExperimentApi::setTag);
    }

    private static ObjectNode create(ApiRequest request, Connection connection) throws SQLException {
        String name = request.required("name");
        if (Sql.one(connection, "SELECT 1 FROM experiments WHERE name = ?", r -> 1, name).isPresent()) {
            throw ApiError.alreadyExists("Experiment '" + name + "' already exists.");
        }
        long now = System.currentTimeMillis();
        Sql.update(connection, "INSERT INTO experiments (name, lifecycle_stage, creation_time, last_update_time)"
                + " VALUES (?, 'active', ?, ?)", name, now, now);
        long id = Sql.one(connection, "SELECT last_insert_rowid()", r -> r.getLong(1)).orElseThrow();
        String location = request.optional("artifact_location", "");
        Sql.update(connection, "UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?",
                location.isEmpty() ? "mlflow-artifacts:/" + id : location, id);
        for (JsonNode tag : request.objects("tags")) {
            putTag(connection, id, Json.text(tag, "key"), Json.text(tag, "value"));
        }
        return Json.object().put("experiment_id", Long.toString(id));
    }

    private static ObjectNode getByName(ApiRequest request, Connection connection) throws SQLException {
        String name = request.required("experiment_name");
        long id = Sql.one(connection, "SELECT experiment_id FROM experiments WHERE name = ?", r -> r.getLong(1), name)
                .orElseThrow(() -> ApiError.notFound("Could not find experiment with name '" + name + "'"));
        return wrap(load(connection, Long.toString(id)));
    }

    private static ObjectNode search(ApiRequest request, Connection connection) throws SQLException {
        String filter = request.optional("filter", "");
        List<String> ids = Sql.list(connection, "SELECT experiment_id FROM experiments"
                + " WHERE lifecycle_stage = 'active' ORDER BY experiment_id", r -> r.getString(1));
        ArrayNode experiments = Json.array();
        Filter parsed = Filter.parse(filter);
        for (String id : ids) {
            ObjectNode experiment = load(connection, id);
            if (parsed.matches(field -> field.equals("name") || field.equals("attributes.name")
                    ? experiment.get("name").asText() : null)) {
                experiments.add(experiment);
            }
        }
        ObjectNode response = Json.object();
        response.set("experiments", experiments);
        return response;
    }

    private static ObjectNode setTag(ApiRequest request, Connection connection) throws SQLException {
        String id = request.required("experiment_id");
        load(connection, id);
        putTag(connection, Long.parseLong(id), request.required("key"), request.optional("value", ""));
        return Json.object();
    }

    private static void putTag(Connection connection, long id, String key, String value) throws SQLException {
        Sql.update(connection, "INSERT OR REPLACE INTO experiment_tags (experiment_id, key, value) VALUES (?, ?, ?)",
                id, key, value);
    }

    static ObjectNode load(Connection connection, String id) throws SQLException {
        long number;
        try {
            number = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiError.notFound("No Experiment with id=" + id + " exists");
        }
        ObjectNode experiment = Sql.one(connection, "SELECT " + COLUMNS + " FROM experiments WHERE experiment_id = ?",
                ExperimentApi::toJson, number)
                .orElseThrow(() -> ApiError.notFound("No Experiment with id=" + id + " exists"));
        experiment.set("tags", Json.keyValues(Sql.keyValues(connection,
                "SELECT key, value FROM experiment_tags WHERE experiment_id = ? ORDER BY key", number)));
        return experiment;
    }

    private static ObjectNode toJson(ResultSet row) throws SQLException {
        return Json.object()
                .put("experiment_id", row.getString("experiment_id"))
                .put("name", row.getString("name"))
                .put("artifact_location", row.getString("artifact_location"))
                .put("lifecycle_stage", row.getString("lifecycle_stage"))
                .put("creation_time", row.getLong("creation_time"))
                .put("last_update_time", row.getLong("last_update_time"));
    }

    private static ObjectNode wrap(ObjectNode experiment) {
        ObjectNode response = Json.object();
        response.set("experiment", experiment);
        return response;
    }
}
