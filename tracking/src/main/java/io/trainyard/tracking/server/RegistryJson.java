package io.trainyard.tracking.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Loads registered models and model versions in MLflow's JSON shapes; 404s name what is missing. */
final class RegistryJson {
    private RegistryJson() {
    }

    static ObjectNode model(Connection connection, String name) throws SQLException {
        ObjectNode model = Sql.one(connection, "SELECT * FROM registered_models WHERE name = ?",
                RegistryJson::modelRow, name)
                .orElseThrow(() -> ApiError.notFound("Registered Model with name=" + name + " not found"));
        model.set("tags", Json.keyValues(Sql.keyValues(connection,
                "SELECT key, value FROM registered_model_tags WHERE name = ? ORDER BY key", name)));
        ArrayNode aliases = model.putArray("aliases");
        Sql.keyValues(connection, "SELECT alias, version FROM model_aliases WHERE name = ? ORDER BY alias", name)
                .forEach((alias, version) -> aliases.addObject().put("alias", alias).put("version", version));
        ArrayNode latest = model.putArray("latest_versions");
        Sql.one(connection, "SELECT MAX(version) FROM model_versions WHERE name = ?", r -> r.getObject(1), name)
                .filter(v -> v != null)
                .ifPresent(v -> latest.add(silently(connection, name, v.toString())));
        return model;
    }

    private static ObjectNode silently(Connection connection, String name, String version) {
        try {
            return version(connection, name, version);
        } catch (SQLException e) {
            throw ApiError.internal(e.getMessage());
        }
    }

    private static ObjectNode modelRow(ResultSet row) throws SQLException {
        return Json.object()
                .put("name", row.getString("name"))
                .put("creation_timestamp", row.getLong("creation_timestamp"))
                .put("last_updated_timestamp", row.getLong("last_updated_timestamp"))
                .put("user_id", row.getString("user_id"))
                .put("description", row.getString("description"));
    }

    static ObjectNode version(Connection connection, String name, String version) throws SQLException {
        long number = versionNumber(version);
        ObjectNode node = Sql.one(connection, "SELECT * FROM model_versions WHERE name = ? AND version = ?",
                RegistryJson::versionRow, name, number)
                .orElseThrow(() -> ApiError.notFound("Model Version (name=" + name + ", version=" + version
                        + ") not found"));
        node.set("tags", Json.keyValues(Sql.keyValues(connection,
                "SELECT key, value FROM model_version_tags WHERE name = ? AND version = ? ORDER BY key",
                name, number)));
        ArrayNode aliases = node.putArray("aliases");
        List<String> names = Sql.list(connection, "SELECT alias FROM model_aliases WHERE name = ? AND version = ?"
                + " ORDER BY alias", r -> r.getString(1), name, number);
        names.forEach(aliases::add);
        return node;
    }

    private static ObjectNode versionRow(ResultSet row) throws SQLException {
        return Json.object()
                .put("name", row.getString("name"))
                .put("version", Long.toString(row.getLong("version")))
                .put("creation_timestamp", row.getLong("creation_timestamp"))
                .put("last_updated_timestamp", row.getLong("last_updated_timestamp"))
                .put("user_id", row.getString("user_id"))
                .put("current_stage", row.getString("current_stage"))
                .put("description", row.getString("description"))
                .put("source", row.getString("source"))
                .put("run_id", row.getString("run_id"))
                .put("run_link", row.getString("run_link"))
                .put("status", row.getString("status"))
                .put("status_message", row.getString("status_message"));
    }

    static long versionNumber(String version) {
        try {
            return Long.parseLong(version.trim());
        } catch (NumberFormatException e) {
            throw ApiError.invalid("Model version must be an integer, got '" + version + "'.");
        }
    }

    static void touch(Connection connection, String name) throws SQLException {
        Sql.update(connection, "UPDATE registered_models SET last_updated_timestamp = ? WHERE name = ?",
                System.currentTimeMillis(), name);
    }
}
