import Foundation

/// Runs ordered, named migrations and records them in `schema_migrations`
/// (`name`, `applied_at` in milliseconds since 1970 UTC).
///
/// Each pending migration runs in its own `BEGIN IMMEDIATE` transaction and
/// is recorded in the same transaction, so a crash leaves every migration
/// either applied and recorded or not at all. Two processes migrating one file
/// at once are safe: the second sees the first's record and skips the step.
/// A database that records migrations this migrator does not know was
/// written by a newer Audience; migrating it throws
/// ``StoreError/unknownMigrations(store:names:)``.
public struct Migrator: Sendable {
    /// The migrations in the order they run.
    public private(set) var migrations: [Migration] = []

    /// Creates an empty migrator.
    public init() {}

    /// Creates a migrator for `migrations`, in order.
    public init(_ migrations: [Migration]) {
        for migration in migrations {
            register(migration)
        }
    }

    /// Appends `migration`.
    /// - Precondition: no registered migration has the same name.
    public mutating func register(_ migration: Migration) {
        precondition(
            !migrations.contains { $0.name == migration.name },
            "Migrator.register(_:): migration \(migration.name) is registered twice"
        )
        migrations.append(migration)
    }

    /// The names of the migrations recorded in `db`, in the order applied;
    /// empty when the database has never been migrated.
    public func appliedMigrations(in db: Database) throws -> [String] {
        let table = try db.prepare(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'"
        ).singleValue(Int64.self)
        guard table != nil else { return [] }
        return try db.prepare("SELECT name FROM schema_migrations ORDER BY rowid").map { row in
            try row.decode(String.self, at: 0)
        }
    }

    /// Whether `db` lacks any of this migrator's migrations.
    public func hasPendingMigrations(in db: Database) throws -> Bool {
        let applied = Set(try appliedMigrations(in: db))
        return migrations.contains { !applied.contains($0.name) }
    }

    /// Applies every migration not yet recorded in `db`, in order.
    ///
    /// Reads first without the write lock, so opening an up-to-date store
    /// never waits for another writer.
    /// - Parameter now: the clock for `applied_at`.
    /// - Throws: ``StoreError/unknownMigrations(store:names:)`` when `db` holds
    ///   migrations this migrator does not know; what a migration throws;
    ///   ``DatabaseError`` (busy when another writer holds the lock).
    /// - Precondition: no transaction is open on `db`.
    public func migrate(_ db: Database, now: () -> Date = Date.init) throws {
        precondition(!db.isInTransaction, "Migrator.migrate(_:now:): a transaction is already open on \(db.path)")
        let applied = try db.inTransaction(.deferred) { try appliedMigrations(in: db) }
        try checkKnown(applied, in: db)
        let appliedNames = Set(applied)
        for migration in migrations where !appliedNames.contains(migration.name) {
            try db.inTransaction(.immediate) {
                // Another process may have applied it since the read above.
                let current = try appliedMigrations(in: db)
                try checkKnown(current, in: db)
                if current.contains(migration.name) { return }
                try db.execute("""
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        name TEXT NOT NULL PRIMARY KEY,
                        applied_at INTEGER NOT NULL
                    ) STRICT
                    """)
                try migration.migrate(db)
                try db.execute(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                    arguments: [migration.name, now()]
                )
            }
        }
    }

    /// Throws when `applied` names a migration this migrator does not know.
    private func checkKnown(_ applied: [String], in db: Database) throws {
        let known = Set(migrations.map(\.name))
        let unknown = applied.filter { !known.contains($0) }
        if !unknown.isEmpty {
            throw StoreError.unknownMigrations(store: db.path, names: unknown)
        }
    }
}
