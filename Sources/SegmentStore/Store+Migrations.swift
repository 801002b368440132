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
        Migration("0003-segments", sql: """
            -- Segments: a named definition with its type, state and schedule.
            CREATE TABLE segments (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL CHECK (length(name) > 0),
                description TEXT NOT NULL DEFAULT '',
                type TEXT NOT NULL CHECK (type IN ('dynamic', 'static', 'expansion')),
                state TEXT NOT NULL CHECK (state IN ('active', 'inactive')),
                activate_at INTEGER,
                deactivate_at INTEGER,
                schedule_json TEXT NOT NULL,
                is_exempt_from_auto_deactivation INTEGER NOT NULL DEFAULT 0
                    CHECK (is_exempt_from_auto_deactivation IN (0, 1)),
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                last_viewed_at INTEGER,
                last_used_at INTEGER,
                current_definition_id INTEGER REFERENCES segment_definitions (id)
            ) STRICT;
            CREATE UNIQUE INDEX segments_name ON segments (name COLLATE NOCASE);
            CREATE INDEX segments_current_definition_id ON segments (current_definition_id);

            -- Every version of a segment's definition; an edit adds one.
            CREATE TABLE segment_definitions (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                segment_id INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
                version INTEGER NOT NULL CHECK (version >= 1),
                definition_json TEXT NOT NULL,
                definition_text TEXT,
                created_at INTEGER NOT NULL,
                UNIQUE (segment_id, version)
            ) STRICT;

            -- Segments the current definition of a segment refers to.
            CREATE TABLE segment_dependencies (
                segment_id INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
                referenced_segment_id INTEGER NOT NULL REFERENCES segments (id) ON DELETE RESTRICT,
                PRIMARY KEY (segment_id, referenced_segment_id),
                CHECK (segment_id <> referenced_segment_id)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX segment_dependencies_referenced_segment_id ON segment_dependencies (referenced_segment_id);

            -- Tags, unique per segment regardless of case.
            CREATE TABLE segment_tags (
                segment_id INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
                tag TEXT NOT NULL COLLATE NOCASE CHECK (length(tag) > 0),
                PRIMARY KEY (segment_id, tag)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX segment_tags_tag ON segment_tags (tag);
            """),
        Migration("0004-refresh-runs-memberships-history", sql: """
            -- Every refresh of a segment, from queued to its end.
            CREATE TABLE refresh_runs (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                segment_id INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
                trigger TEXT NOT NULL CHECK (trigger IN ('manual', 'scheduled', 'dependency')),
                status TEXT NOT NULL
                    CHECK (status IN ('queued', 'refreshing', 'succeeded', 'failed', 'skipped', 'canceled')),
                error_report TEXT,
                skip_reason TEXT,
                queued_at INTEGER NOT NULL,
                started_at INTEGER,
                ended_at INTEGER,
                duration_ms INTEGER CHECK (duration_ms >= 0),
                member_count INTEGER CHECK (member_count >= 0),
                entered_count INTEGER CHECK (entered_count >= 0),
                exited_count INTEGER CHECK (exited_count >= 0),
                snapshot_id INTEGER REFERENCES snapshots (id) ON DELETE SET NULL,
                CHECK ((status IN ('queued', 'refreshing')) = (ended_at IS NULL)),
                CHECK ((status = 'queued') = (started_at IS NULL) OR status IN ('skipped', 'canceled', 'failed')),
                CHECK ((status = 'failed') = (error_report IS NOT NULL)),
                CHECK ((status = 'skipped') = (skip_reason IS NOT NULL)),
                CHECK ((status = 'succeeded') = (member_count IS NOT NULL)),
                CHECK ((member_count IS NULL) = (entered_count IS NULL) AND (member_count IS NULL) = (exited_count IS NULL))
            ) STRICT;
            CREATE INDEX refresh_runs_segment_id_status ON refresh_runs (segment_id, status);
            CREATE INDEX refresh_runs_snapshot_id ON refresh_runs (snapshot_id);

            -- The last N memberships of each segment, one per successful refresh.
            CREATE TABLE memberships (
                id INTEGER PRIMARY KEY,
                segment_id INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
                refresh_run_id INTEGER NOT NULL UNIQUE REFERENCES refresh_runs (id) ON DELETE CASCADE,
                effective_at INTEGER NOT NULL,
                member_count INTEGER NOT NULL CHECK (member_count >= 0),
                member_bitmap BLOB NOT NULL
            ) STRICT;
            CREATE INDEX memberships_segment_id ON memberships (segment_id);

            -- One row per successful refresh, kept after its membership is pruned.
            CREATE TABLE segment_history (
                id INTEGER PRIMARY KEY,
                segment_id INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
                refresh_run_id INTEGER UNIQUE REFERENCES refresh_runs (id) ON DELETE SET NULL,
                effective_at INTEGER NOT NULL,
                member_count INTEGER NOT NULL CHECK (member_count >= 0),
                entered_count INTEGER NOT NULL CHECK (entered_count >= 0),
                exited_count INTEGER NOT NULL CHECK (exited_count >= 0)
            ) STRICT;
            CREATE INDEX segment_history_segment_id_effective_at ON segment_history (segment_id, effective_at);
            """),
        Migration("0005-schedules", sql: """
            -- The workspace's refresh schedule: exactly one row (id = 1), off at first.
            CREATE TABLE system_schedule (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                schedule_json TEXT NOT NULL,
                updated_at INTEGER,
                last_handled_at INTEGER
            ) STRICT;
            INSERT INTO system_schedule (id, schedule_json)
                VALUES (1, '{"frequency":"off","times":[],"weekdays":[]}');
            """),
        Migration("0006-exports", sql: """
            -- Export destinations.
            CREATE TABLE exports (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL CHECK (length(name) > 0),
                kind TEXT NOT NULL CHECK (kind IN ('csv-folder')),
                path TEXT NOT NULL CHECK (length(path) > 0),
                fields_json TEXT NOT NULL,
                trigger TEXT NOT NULL CHECK (trigger IN ('after-refresh', 'on-demand')),
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            ) STRICT;
            CREATE UNIQUE INDEX exports_name ON exports (name COLLATE NOCASE);

            -- The segments each export contains.
            CREATE TABLE export_segments (
                export_id INTEGER NOT NULL REFERENCES exports (id) ON DELETE CASCADE,
                segment_id INTEGER NOT NULL REFERENCES segments (id) ON DELETE RESTRICT,
                PRIMARY KEY (export_id, segment_id)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX export_segments_segment_id ON export_segments (segment_id);

            -- Every run of an export.
            CREATE TABLE export_runs (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                export_id INTEGER NOT NULL REFERENCES exports (id) ON DELETE CASCADE,
                status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
                started_at INTEGER NOT NULL,
                ended_at INTEGER,
                row_count INTEGER CHECK (row_count >= 0),
                error_message TEXT,
                CHECK ((status = 'running') = (ended_at IS NULL)),
                CHECK ((status = 'failed') = (error_message IS NOT NULL)),
                CHECK ((status = 'succeeded') = (row_count IS NOT NULL))
            ) STRICT;
            CREATE INDEX export_runs_export_id ON export_runs (export_id);
            """),
        Migration("0007-suggestions", sql: """
            -- Suggestion runs: the inputs and the whole result as JSON.
            CREATE TABLE suggestion_runs (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                kind TEXT NOT NULL CHECK (kind IN ('measure', 'activity')),
                created_at INTEGER NOT NULL,
                inputs_json TEXT NOT NULL,
                run_json TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('open', 'reviewed'))
            ) STRICT;

            -- The suggestions of each run and what a person decided about them.
            CREATE TABLE suggestions (
                id INTEGER PRIMARY KEY,
                run_id INTEGER NOT NULL REFERENCES suggestion_runs (id) ON DELETE CASCADE,
                rank INTEGER NOT NULL CHECK (rank >= 1),
                title TEXT NOT NULL,
                definition_text TEXT NOT NULL,
                member_count INTEGER NOT NULL CHECK (member_count >= 0),
                status TEXT NOT NULL CHECK (status IN ('new', 'accepted', 'dismissed')),
                accepted_segment_id INTEGER REFERENCES segments (id) ON DELETE SET NULL,
                decided_at INTEGER,
                UNIQUE (run_id, rank),
                CHECK ((status = 'new') = (decided_at IS NULL)),
                CHECK (status = 'accepted' OR accepted_segment_id IS NULL)
            ) STRICT;
            CREATE INDEX suggestions_accepted_segment_id ON suggestions (accepted_segment_id);
            """),
    ])
}
