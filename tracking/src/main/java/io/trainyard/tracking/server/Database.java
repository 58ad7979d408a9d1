package io.trainyard.tracking.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite store behind the embedded server. WAL journal (readers never block the writer), a busy
 * timeout (a second process on the same file waits instead of failing), and write transactions
 * begun IMMEDIATE, so the read-check-write of a compare-and-set holds the write lock from its first
 * read: two servers on one file serialise correctly, not only two threads in one server.
 */
final class Database {
    private static final int BUSY_TIMEOUT_MILLIS = 15_000;

    private final SQLiteDataSource reads;
    private final SQLiteDataSource writes;

    Database(Path file) {
        this.reads = dataSource(file, SQLiteConfig.TransactionMode.DEFERRED);
        this.writes = dataSource(file, SQLiteConfig.TransactionMode.IMMEDIATE);
    }

    private static SQLiteDataSource dataSource(Path file, SQLiteConfig.TransactionMode mode) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        config.setTransactionMode(mode);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return source;
    }

    /** A connection for one request; a write connection starts its transaction on first use. */
    Connection open(boolean write) throws SQLException {
        Connection connection = (write ? writes : reads).getConnection();
        connection.setAutoCommit(!write);
        return connection;
    }

    void createSchema() throws SQLException {
        try (Connection connection = open(true); Statement statement = connection.createStatement()) {
            for (String ddl : Schema.STATEMENTS) {
                statement.executeUpdate(ddl);
            }
            statement.executeUpdate("INSERT OR IGNORE INTO experiments (experiment_id, name, artifact_location,"
                    + " lifecycle_stage, creation_time, last_update_time)"
                    + " VALUES (0, 'Default', 'mlflow-artifacts:/0', 'active', 0, 0)");
            connection.commit();
        }
    }
}
