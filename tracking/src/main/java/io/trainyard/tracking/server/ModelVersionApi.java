package io.trainyard.tracking.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * model-versions/create, get, search, update, delete, set-tag, delete-tag, get-download-uri.
 * Versions are READY at once: the source is referenced, not copied.
 */
final class ModelVersionApi {
    /** A create carrying this tag returns the version that already carries it (server-side dedupe). */
    static final String IDEMPOTENCY_TAG = "trainyard.idempotency_key";

    private ModelVersionApi() {
    }

    static void register(ApiRouter router) {
        router.register("POST", "model-versions/create", ModelVersionApi::create);
        router.register("GET", "model-versions/get", (r, c) -> wrap(RegistryJson.version(c, r.required("name"),
                r.required("version"))));
        router.register("GET", "model-versions/search", ModelVersionApi::search);
        router.register("PATCH", "model-versions/update", ModelVersionApi::update);
        router.register("DELETE", "model-versions/delete", ModelVersionApi::delete);
        router.register("POST", "model-versions/set-tag", ModelVersionApi::setTag);
        router.register("DELETE", "model-versions/delete-tag", ModelVersionApi::deleteTag);
        router.register("GET", "model-versions/get-download-uri", ModelVersionApi::downloadUri);
    }

    private static ObjectNode create(ApiRequest request, Connection connection) throws SQLException {
        String name = request.required("name");
        String source = request.required("source");
        RegistryJson.model(connection, name);
        Optional<Long> existing = existingFor(connection, name, request.objects("tags"));
        if (existing.isPresent()) {
            return wrap(RegistryJson.version(connection, name, existing.get().toString()));
        }
        long version = Sql.one(connection, "SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE name = ?",
                r -> r.getLong(1), name).orElse(1L);
        long now = System.currentTimeMillis();
        Sql.update(connection, "INSERT INTO model_versions (name, version, creation_timestamp, last_updated_timestamp,"
                + " description, user_id, source, run_id, run_link, status, status_message, current_stage)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'READY', '', 'None')", name, version, now, now,
                request.optional("description", ""), request.optional("user_id", ""), source,
                request.optional("run_id", ""), request.optional("run_link", ""));
        for (JsonNode tag : request.objects("tags")) {
            putTag(connection, name, version, Json.text(tag, "key"), Json.text(tag, "value"));
        }
        RegistryJson.touch(connection, name);
        return wrap(RegistryJson.version(connection, name, Long.toString(version)));
    }

    private static Optional<Long> existingFor(Connection connection, String name, List<JsonNode> tags)
            throws SQLException {
        for (JsonNode tag : tags) {
            if (IDEMPOTENCY_TAG.equals(Json.text(tag, "key"))) {
                return Sql.one(connection, "SELECT MIN(version) FROM model_version_tags WHERE name = ? AND key = ?"
                        + " AND value = ? HAVING COUNT(*) > 0", r -> r.getLong(1), name, IDEMPOTENCY_TAG,
                        Json.text(tag, "value"));
            }
        }
        return Optional.empty();
    }

    private static ObjectNode search(ApiRequest request, Connection connection) throws SQLException {
        Filter filter = Filter.parse(request.optional("filter", ""));
        List<ObjectNode> versions = new ArrayList<>();
        List<String[]> keys = Sql.list(connection, "SELECT name, version FROM model_versions"
                + " ORDER BY name, version DESC", r -> new String[] {r.getString(1), r.getString(2)});
        for (String[] key : keys) {
            ObjectNode version = RegistryJson.version(connection, key[0], key[1]);
            if (filter.matches(field -> field(version, field))) {
                versions.add(version);
            }
        }
        return Paging.page(versions, "model_versions", request, 10_000);
    }

    private static String field(ObjectNode version, String field) {
        if (field.startsWith("tags.")) {
            for (JsonNode tag : version.get("tags")) {
                if (field.substring(5).equals(tag.get("key").asText())) {
                    return tag.get("value").asText();
                }
            }
            return null;
        }
        String column = switch (field) {
            case "version_number" -> "version";
            case "source_path" -> "source";
            default -> field;
        };
        JsonNode value = version.get(column);
        return value == null ? null : value.asText();
    }

    private static ObjectNode update(ApiRequest request, Connection connection) throws SQLException {
        String name = request.required("name");
        String version = request.required("version");
        RegistryJson.version(connection, name, version);
        Sql.update(connection, "UPDATE model_versions SET description = ?, last_updated_timestamp = ?"
                + " WHERE name = ? AND version = ?", request.optional("description", ""),
                System.currentTimeMillis(), name, RegistryJson.versionNumber(version));
        return wrap(RegistryJson.version(connection, name, version));
    }

    private static ObjectNode delete(ApiRequest request, Connection connection) throws SQLException {
        String name = request.required("name");
        String version = request.required("version");
        RegistryJson.version(connection, name, version);
        long number = RegistryJson.versionNumber(version);
        Sql.update(connection, "DELETE FROM model_aliases WHERE name = ? AND version = ?", name, number);
        Sql.update(connection, "DELETE FROM model_version_tags WHERE name = ? AND version = ?", name, number);
        Sql.update(connection, "DELETE FROM model_versions WHERE name = ? AND version = ?", name, number);
        return Json.object();
    }

    private static ObjectNode setTag(ApiRequest request, Connection connection) throws SQLException {
        String name = request.required("name");
        String version = request.required("version");
        RegistryJson.version(connection, name, version);
        putTag(connection, name, RegistryJson.versionNumber(version), request.required("key"),
                request.optional("value", ""));
        return Json.object();
    }

    private static void putTag(Connection connection, String name, long version, String key, String value)
            throws SQLException {
        Sql.update(connection, "INSERT OR REPLACE INTO model_version_tags (name, version, key, value)"
                + " VALUES (?, ?, ?, ?)", name, version, key, value == null ? "" : value);
    }

    private static ObjectNode deleteTag(ApiRequest request, Connection connection) throws SQLException {
        String name = request.required("name");
        String version = request.required("version");
        String key = request.required("key");
        RegistryJson.version(connection, name, version);
        if (Sql.update(connection, "DELETE FROM model_version_tags WHERE name = ? AND version = ? AND key = ?",
                name, RegistryJson.versionNumber(version), key) == 0) {
            throw ApiError.notFound("No tag with key " + key + " on model version " + name + "/" + version);
        }
        return Json.object();
    }

    private static ObjectNode downloadUri(ApiRequest request, Connection connection) throws SQLException {
        ObjectNode version = RegistryJson.version(connection, request.required("name"), request.required("version"));
        return Json.object().put("artifact_uri", version.get("source").asText());
    }

    private static ObjectNode wrap(ObjectNode version) {
        ObjectNode response = Json.object();
        response.set("model_version", version);
        return response;
    }
}
