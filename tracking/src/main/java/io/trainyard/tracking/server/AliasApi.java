package io.trainyard.tracking.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * registered-models/alias: POST (set), GET (resolve) and DELETE, as MLflow's. POST also honours two
 * optional trainyard fields that a real MLflow server ignores (its JSON parser skips unknown fields):
 * <ul>
 *   <li>{@code trainyard_expected_version}: compare-and-set; the alias must currently point to this
 *       version ("" = must be unset), else 409 RESOURCE_CONFLICT and nothing changes;</li>
 *   <li>{@code trainyard_history_key} / {@code trainyard_history_value}: a registered-model tag
 *       (the audit entry) written in the same transaction as the move.</li>
 * </ul>
 * The response then carries {@code "trainyard_compare_and_set": true}, so the client knows the guard
 * was applied. The write transaction is IMMEDIATE, so check and write are atomic across threads and
 * across processes sharing the database file.
 */
final class AliasApi {
    static final String EXPECTED = "trainyard_expected_version";
    static final String HISTORY_KEY = "trainyard_history_key";
    static final String HISTORY_VALUE = "trainyard_history_value";

    private AliasApi() {
    }

    static void register(ApiRouter router) {
        router.register("POST", "registered-models/alias", AliasApi::set);
        router.register("GET", "registered-models/alias", AliasApi::get);
        router.register("DELETE", "registered-models/alias", AliasApi::delete);
    }

    private static ObjectNode set(ApiRequest request, Connection connection) throws SQLException {
        String name = request.required("name");
        String alias = validAlias(request.required("alias"));
        String version = request.required("version");
        RegistryJson.version(connection, name, version);
        ObjectNode response = Json.object();
        if (request.has(EXPECTED)) {
            checkExpected(connection, name, alias, request.optional(EXPECTED, ""));
            response.put("trainyard_compare_and_set", true);
        }
        Sql.update(connection, "INSERT OR REPLACE INTO model_aliases (name, alias, version) VALUES (?, ?, ?)",
                name, alias, RegistryJson.versionNumber(version));
        if (request.has(HISTORY_KEY)) {
            RegisteredModelApi.putTag(connection, name, request.required(HISTORY_KEY),
                    request.optional(HISTORY_VALUE, ""));
        }
        RegistryJson.touch(connection, name);
        return response;
    }

    private static void checkExpected(Connection connection, String name, String alias, String expected)
            throws SQLException {
        Optional<String> current = current(connection, name, alias);
        boolean matches = expected.isEmpty() ? current.isEmpty() : current.map(expected::equals).orElse(false);
        if (!matches) {
            throw ApiError.conflict("Alias '" + alias + "' of registered model '" + name + "' points to "
                    + current.map(v -> "version " + v).orElse("no version") + ", expected "
                    + (expected.isEmpty() ? "no version" : "version " + expected)
                    + ": it was moved concurrently; nothing was changed.");
        }
    }

    private static Optional<String> current(Connection connection, String name, String alias) throws SQLException {
        return Sql.one(connection, "SELECT version FROM model_aliases WHERE name = ? AND alias = ?",
                r -> r.getString(1), name, alias);
    }

    private static ObjectNode get(ApiRequest request, Connection connection) throws SQLException {
        String name = request.required("name");
        String alias = request.required("alias");
        RegistryJson.model(connection, name);
        String version = current(connection, name, alias).orElseThrow(() -> ApiError.notFound(
                "Registered model alias " + alias + " not found."));
        ObjectNode response = Json.object();
        response.set("model_version", RegistryJson.version(connection, name, version));
        return response;
    }

    private static ObjectNode delete(ApiRequest request, Connection connection) throws SQLException {
        String name = request.required("name");
        String alias = request.required("alias");
        RegistryJson.model(connection, name);
        Sql.update(connection, "DELETE FROM model_aliases WHERE name = ? AND alias = ?", name, alias);
        RegistryJson.touch(connection, name);
        return Json.object();
    }

    private static String validAlias(String alias) {
        if (alias.equalsIgnoreCase("latest") || alias.matches("(?i)v\\d+")) {
            throw ApiError.invalid("'" + alias + "' alias name (case insensitive) is reserved.");
        }
        return alias;
    }
}
