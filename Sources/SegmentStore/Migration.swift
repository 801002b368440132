/// One named step that changes the store's schema.
///
/// A migration runs once per database, inside its own write transaction, and
/// is recorded in `schema_migrations` under its name. Once released, a
/// migration is never edited: a later change is a new migration.
public struct Migration: Sendable {
    /// The unique name recorded in `schema_migrations` (e.g.
    /// `"0001-snapshots"`).
    public let name: String
    /// The schema change, given the connection inside the transaction.
    public let migrate: @Sendable (Database) throws -> Void

    /// Creates a migration.
    public init(_ name: String, migrate: @escaping @Sendable (Database) throws -> Void) {
        self.name = name
        self.migrate = migrate
    }

    /// Creates a migration that runs an SQL script.
    public init(_ name: String, sql: String) {
        self.init(name) { db in try db.execute(sql) }
    }
}
