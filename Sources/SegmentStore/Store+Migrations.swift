extension Store {
    /// The store's schema, as ordered migrations: the one place that lists
    /// them. Append new migrations at the end; never edit or reorder released
    /// ones. Conventions are in `docs/store.md`.
    public static let migrator = Migrator([
        Migration("0001-snapshots", sql: """
            -- Ingested data generations: one folder of column files each.
            CREATE TABLE snapshots (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                directory_name TEXT NOT NULL UNIQUE,
                created_at INTEGER NOT NULL,
                customer_count INTEGER NOT NULL CHECK (customer_count >= 0),
                activity_count INTEGER NOT NULL CHECK (activity_count >= 0),
                report_json TEXT NOT NULL
            ) STRICT;

            -- Workspace-wide state: exactly one row (id = 1).
            CREATE TABLE workspace_state (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                live_snapshot_id INTEGER REFERENCES snapshots (id) ON DELETE RESTRICT,
                next_snapshot_number INTEGER NOT NULL DEFAULT 1 CHECK (next_snapshot_number >= 1)
            ) STRICT;
            INSERT INTO workspace_state (id) VALUES (1);
            """),
        Migration("0002-ingest-runs", sql: """
            -- Every ingest attempt, successful or not.
            CREATE TABLE ingest_runs (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                started_at INTEGER NOT NULL,
                ended_at INTEGER,
                status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
                error_message TEXT,
                snapshot_id INTEGER REFERENCES snapshots (id) ON DELETE SET NULL,
                CHECK ((status = 'running') = (ended_at IS NULL)),
                CHECK ((status = 'failed') = (error_message IS NOT NULL))
            ) STRICT;
            CREATE INDEX ingest_runs_snapshot_id ON ingest_runs (snapshot_id);
            """),
    ])
}
