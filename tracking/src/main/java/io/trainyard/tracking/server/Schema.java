package io.trainyard.tracking.server;

import java.util.List;

/** The tables of the embedded store; created if absent, so a restart finds its data. */
final class Schema {
    static final List<String> STATEMENTS = List.of(
            "CREATE TABLE IF NOT EXISTS experiments (experiment_id INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " name TEXT NOT NULL UNIQUE, artifact_location TEXT, lifecycle_stage TEXT NOT NULL,"
                    + " creation_time INTEGER, last_update_time INTEGER)",
            "CREATE TABLE IF NOT EXISTS experiment_tags (experiment_id INTEGER NOT NULL REFERENCES experiments,"
                    + " key TEXT NOT NULL, value TEXT, PRIMARY KEY (experiment_id, key))",
            "CREATE TABLE IF NOT EXISTS runs (run_id TEXT PRIMARY KEY,"
                    + " experiment_id INTEGER NOT NULL REFERENCES experiments, run_name TEXT, user_id TEXT,"
                    + " status TEXT NOT NULL, start_time INTEGER, end_time INTEGER, artifact_uri TEXT,"
                    + " lifecycle_stage TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS params (run_id TEXT NOT NULL REFERENCES runs, key TEXT NOT NULL,"
                    + " value TEXT, PRIMARY KEY (run_id, key))",
            "CREATE TABLE IF NOT EXISTS run_tags (run_id TEXT NOT NULL REFERENCES runs, key TEXT NOT NULL,"
                    + " value TEXT, PRIMARY KEY (run_id, key))",
            "CREATE TABLE IF NOT EXISTS metrics (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " run_id TEXT NOT NULL REFERENCES runs, key TEXT NOT NULL, value TEXT NOT NULL,"
                    + " timestamp INTEGER NOT NULL, step INTEGER NOT NULL)",
            "CREATE INDEX IF NOT EXISTS metrics_by_run ON metrics (run_id, key)",
            "CREATE TABLE IF NOT EXISTS registered_models (name TEXT PRIMARY KEY, creation_timestamp INTEGER,"
                    + " last_updated_timestamp INTEGER, description TEXT, user_id TEXT)",
            "CREATE TABLE IF NOT EXISTS registered_model_tags (name TEXT NOT NULL REFERENCES registered_models"
                    + " ON DELETE CASCADE ON UPDATE CASCADE, key TEXT NOT NULL, value TEXT, PRIMARY KEY (name, key))",
            "CREATE TABLE IF NOT EXISTS model_versions (name TEXT NOT NULL REFERENCES registered_models"
                    + " ON DELETE CASCADE, version INTEGER NOT NULL, creation_timestamp INTEGER,"
                    + " last_updated_timestamp INTEGER, description TEXT, user_id TEXT, source TEXT,"
                    + " run_id TEXT, run_link TEXT, status TEXT NOT NULL, status_message TEXT,"
                    + " current_stage TEXT NOT NULL, PRIMARY KEY (name, version))",
            "CREATE TABLE IF NOT EXISTS model_version_tags (name TEXT NOT NULL, version INTEGER NOT NULL,"
                    + " key TEXT NOT NULL, value TEXT, PRIMARY KEY (name, version, key),"
                    + " FOREIGN KEY (name, version) REFERENCES model_versions ON DELETE CASCADE)",
            "CREATE TABLE IF NOT EXISTS model_aliases (name TEXT NOT NULL REFERENCES registered_models"
                    + " ON DELETE CASCADE, alias TEXT NOT NULL, version INTEGER NOT NULL,"
                    + " PRIMARY KEY (name, alias))");

    private Schema() {
    }
}
