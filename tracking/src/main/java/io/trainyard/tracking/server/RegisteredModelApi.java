package io.trainyard.tracking.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** registered-models/create, get, search, update, delete, set-tag, delete-tag, get-latest-versions. */
final class RegisteredModelApi {
    private RegisteredModelApi() {
    }

    static void register(ApiRouter router) {
        router.register("POST", "registered-models/create", RegisteredModelApi::create);
        router.register("GET", "registered-models/get", (r, c) -> wrap(RegistryJson.model(c, r.required("name"))));
        router.register("GET", "registered-models/search", RegisteredModelApi::search);
        router.register("PATCH", "registered-models/update", RegisteredModelApi::update);
        router.register("DELETE", "registered-models/delete", RegisteredModelApi::delete);
        router.register("POST", "registered-models/set-tag", RegisteredModelApi::setTag);
        router.register("DELETE", "registered-models/delete-tag", RegisteredModelApi::deleteTag);
        router.register("POST", "registered-models/get-latest-versions", RegisteredModelApi::latestVersions);
        router.register("GET", "registered-models/get-latest-versions", RegisteredModelApi::latestVersions);
    }

    private static ObjectNode create(ApiRequest request, Connection connection) throws SQLException {
        String name = request.required("name");
        if (Sql.one(connection, "SELECT 1 FROM registered_models WHERE name = ?", r -> 1, name).isPresent()) {
            throw ApiError.alreadyExists("Registered Model (name=" + name + ") already exists.");
        }
        long now = System.currentTimeMillis();
        Sql.update(connection, "INSERT INTO registered_models (name, creation_timestamp, last_updated_timestamp,"
                + " description, user_id) VALUES (?, ?, ?, ?, ?)", name, now, now,
                request.optional("description", ""), request.optional("user_id", ""));
        for (JsonNode tag : request.objects("tags")) {
            putTag(connection, name, Json.text(tag, "key"), Json.text(tag, "value"));
        }
        return wrap(RegistryJson.model(connection, name));
    }

    private static ObjectNode search(ApiRequest request, Connection connection) throws SQLException {
        Filter filter = Filter.parse(request.optional("filter", ""));
        List<ObjectNode> models = new ArrayList<>();
        for (String name : Sql.list(connection, "SELECT name FROM registered_models ORDER BY name",
                r -> r.getString(1))) {
            ObjectNode model = RegistryJson.model(connection, name);
            if (filter.matches(field -> field.equals("name") ? name : tag(model, field))) {
                models.add(model);
            }
        }
        return Paging.page(models, "registered_models", request, 100);
    }

    private static String tag(ObjectNode model, String field) {
        if (!field.startsWith("tags.")) {
            return null;
        }
        for (JsonNode tag : model.get("tags")) {
            if (field.substring(5).equals(tag.get("key").asText())) {
                return tag.get("value").asText();
            }
        }
        return null;
    }

    private static ObjectNode update(ApiRequest request, Connection connection) throws SQLException {
        String name = request.required("name");
        RegistryJson.model(connection, name);
        Sql.update(connection, "UPDATE registered_models SET description = ?, last_updated_timestamp = ?"
                + " WHERE name = ?", request.optional("description", ""), System.currentTimeMillis(), name);
        return wrap(RegistryJson.model(connection, name));
    }

    private static ObjectNode delete(ApiRequest request, Connection connection) throws SQLException {
        String name = request.required("name");
        RegistryJson.model(connection, name);
        Sql.update(connection, "DELETE FROM model_version_tags WHERE name = ?", name);
        Sql.update(connection, "DELETE FROM registered_models WHERE name = ?", name);
        return Json.object();
    }

    private static ObjectNode setTag(ApiRequest request, Connection connection) throws SQLException {
        String name = request.required("name");
        RegistryJson.model(connection, name);
        putTag(connection, name, request.required("key"), request.optional("value", ""));
        return Json.object();
    }

    static void putTag(Connection connection, String name, String key, String value) throws SQLException {
        Sql.update(connection, "INSERT OR REPLACE INTO registered_model_tags (name, key, value) VALUES (?, ?, ?)",
                name, key, value == null ? "" : value);
        RegistryJson.touch(connection, name);
    }

    private static ObjectNode deleteTag(ApiRequest request, Connection connection) throws SQLException {
        String name = request.required("name");
        String key = request.required("key");
        RegistryJson.model(connection, name);
        if (Sql.update(connection, "DELETE FROM registered_model_tags WHERE name = ? AND key = ?", name, key) == 0) {
            throw ApiError.notFound("No tag with name: " + key + " on registered model " + name);
        }
        return Json.object();
    }

    private static ObjectNode latestVersions(ApiRequest request, Connection connection) throws SQLException {
        ObjectNode model = RegistryJson.model(connection, request.required("name"));
        ObjectNode response = Json.object();
        ArrayNode versions = response.putArray("model_versions");
        versions.addAll((ArrayNode) model.get("latest_versions"));
        return response;
    }

    private static ObjectNode wrap(ObjectNode model) {
        ObjectNode response = Json.object();
        response.set("registered_model", model);
        return response;
    }
}
