import Foundation
import Testing
@testable import SegmentStore

@Suite("Migrator")
struct MigratorTests {
    /// Names recorded in `schema_migrations`, in order.
    private func recorded(_ db: Database) throws -> [String] {
        try Migrator().appliedMigrations(in: db)
    }

    @Test("migrations run once, in order, and running again changes nothing")
    func idempotent() throws {
        let directory = try TemporaryDirectory()
        let db = try Database(path: directory.path("m.sqlite"))
        let migrator = Migrator([
            Migration("0001-a", sql: "CREATE TABLE a (id INTEGER PRIMARY KEY)"),
            Migration("0002-b", sql: "CREATE TABLE b (id INTEGER PRIMARY KEY); INSERT INTO b DEFAULT VALUES"),
            Migration("0003-c") { db in try db.execute("ALTER TABLE a ADD COLUMN name TEXT") },
        ])
        #expect(try migrator.hasPendingMigrations(in: db))
        try migrator.migrate(db)
        try migrator.migrate(db)
        #expect(try recorded(db) == ["0001-a", "0002-b", "0003-c"])
        #expect(try db.prepare("SELECT count(*) FROM b").singleValue(Int64.self) == 1)
        #expect(try !migrator.hasPendingMigrations(in: db))
        let appliedAt = try db.prepare("SELECT min(applied_at) FROM schema_migrations").singleValue(Int64.self)
        #expect(try #require(appliedAt) > 1_600_000_000_000, "applied_at is milliseconds since 1970")
    }

    @Test("a later version's new migrations apply on top of the old ones")
    func incremental() throws {
        let directory = try TemporaryDirectory()
        let db = try Database(path: directory.path("m.sqlite"))
        var migrator = Migrator([Migration("0001-a", sql: "CREATE TABLE a (id INTEGER PRIMARY KEY)")])
        try migrator.migrate(db)
        migrator.register(Migration("0002-b", sql: "CREATE TABLE b (id INTEGER PRIMARY KEY)"))
        try migrator.migrate(db)
        #expect(try recorded(db) == ["0001-a", "0002-b"])
    }

    @Test("a failing migration leaves neither its changes nor its record, and earlier ones stay")
    func failingMigration() throws {
        let directory = try TemporaryDirectory()
        let db = try Database(path: directory.path("m.sqlite"))
        let migrator = Migrator([
            Migration("0001-a", sql: "CREATE TABLE a (id INTEGER PRIMARY KEY)"),
            Migration("0002-broken", sql: "CREATE TABLE b (id INTEGER PRIMARY KEY); CREATE TABLE a (id INTEGER)"),
        ])
        #expect(throws: DatabaseError.self) { try migrator.migrate(db) }
        #expect(try recorded(db) == ["0001-a"])
        #expect(try db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'b'").singleValue(Int64.self) == 0)
    }

    @Test("a store migrated by a newer Audience is refused with a clear error")
    func unknownNewerMigration() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("audience.sqlite")
        let db = try Database(path: path)
        var newer = Store.migrator
        newer.register(Migration("9999-from-the-future", sql: "CREATE TABLE future (id INTEGER PRIMARY KEY)"))
        try newer.migrate(db)

        let error = try #require(throws: StoreError.self) { _ = try Store(path: path) }
        #expect(error == .unknownMigrations(store: path, names: ["9999-from-the-future"]))
        #expect(error.description.contains("audience.sqlite"))
        #expect(error.description.contains("9999-from-the-future"))
        #expect(error.description.contains("upgrade Audience"))
    }

    @Test("the store's schema migrations are recorded in their declared order")
    func storeMigrations() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("audience.sqlite")
        _ = try Store(path: path)
        _ = try Store(path: path)
        let db = try Database(path: path)
        #expect(try recorded(db) == Store.migrator.migrations.map(\.name))
        #expect(try db.prepare("PRAGMA foreign_key_check").map { _ in 0 }.isEmpty)
    }
}
