package io.trainyard.tracking.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Thin JDBC helpers: prepared statements only, never string-built values. */
final class Sql {
    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    private Sql() {
    }

    static int update(Connection connection, String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, args)) {
            return statement.executeUpdate();
        }
    }

    static <T> List<T> list(Connection connection, String sql, Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, args);
                ResultSet results = statement.executeQuery()) {
            List<T> items = new ArrayList<>();
            while (results.next()) {
                items.add(row.map(results));
            }
            return items;
        }
    }

    static <T> Optional<T> one(Connection connection, String sql, Row<T> row, Object... args) throws SQLException {
        List<T> items = list(connection, sql, row, args);
        return items.isEmpty() ? Optional.empty() : Optional.ofNullable(items.get(0));
    }

    /** A two-column (key, value) query as an ordered map. */
    static Map<String, String> keyValues(Connection connection, String sql, Object... args) throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String[] pair : list(connection, sql, r -> new String[] {r.getString(1), r.getString(2)}, args)) {
            values.put(pair[0], pair[1]);
        }
        return values;
    }

    /** A nullable INTEGER column. */
    static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... args) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            statement.setObject(i + 1, args[i]);
        }
        return statement;
    }
}
