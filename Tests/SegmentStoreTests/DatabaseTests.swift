import Foundation
import Testing
@testable import SegmentStore

@Suite("Database")
struct DatabaseTests {
    @Test("opening turns on WAL, foreign keys, synchronous=NORMAL and the busy timeout")
    func connectionSettings() throws {
        let directory = try TemporaryDirectory()
        let db = try Database(path: directory.path("settings.sqlite"), configuration: .init(busyTimeout: .milliseconds(1234)))
        #expect(try db.prepare("PRAGMA journal_mode").singleValue(String.self) == "wal")
        #expect(try db.prepare("PRAGMA foreign_keys").singleValue(Int64.self) == 1)
        // 1 is NORMAL.
        #expect(try db.prepare("PRAGMA synchronous").singleValue(Int64.self) == 1)
        #expect(try db.prepare("PRAGMA busy_timeout").singleValue(Int64.self) == 1234)
    }

    @Test("scripts run statement by statement; comments and trailing semicolons are fine")
    func scripts() throws {
        let directory = try TemporaryDirectory()
        let db = try Database(path: directory.path("script.sqlite"))
        try db.execute("""
            -- a table and two rows
            CREATE TABLE t (x INTEGER NOT NULL);
            INSERT INTO t VALUES (1); INSERT INTO t VALUES (2);
            /* done */
            """)
        #expect(try db.prepare("SELECT sum(x) FROM t; -- total").singleValue(Int64.self) == 3)
        let error = try #require(throws: DatabaseError.self) {
            try db.execute("INSERT INTO t VALUES (3); INSERT INTO t VALUES (NULL); INSERT INTO t VALUES (4)")
        }
        #expect(error.sql == "INSERT INTO t VALUES (NULL)")
        #expect(error.message.contains("NOT NULL"))
    }

    @Test("values of every storage class round-trip through binding and reading")
    func roundTrip() throws {
        let directory = try TemporaryDirectory()
        let db = try Database(path: directory.path("values.sqlite"))
        try db.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB)")
        let blob = Data([0, 1, 2, 0xff, 0, 0x80])
        let cases: [(Int64?, Double?, String?, Data?)] = [
            (Int64.max, 1.5, "plain", blob),
            (Int64.min, -0.0, "Grüße, 東京 🎉 — \u{0}nul inside", Data()),
            (0, .greatestFiniteMagnitude, "", Data([0])),
            (nil, nil, nil, nil),
        ]
        let insert = try db.prepare("INSERT INTO t (i, r, s, b) VALUES (?, ?, ?, ?)")
        for (i, r, s, b) in cases {
            try insert.bind([i, r, s, b])
            try insert.execute()
        }
        let read = try db.prepare("SELECT i, r, s, b FROM t ORDER BY rowid")
        let rows = try read.map { row in
            (try row.int64(at: 0), try row.double(at: 1), try row.string(at: 2), try row.data(at: 3))
        }
        try #require(rows.count == cases.count)
        for (row, expected) in zip(rows, cases) {
            #expect(row.0 == expected.0)
            #expect(row.1 == expected.1)
            #expect(row.2 == expected.2)
            #expect(row.3 == expected.3)
        }
        // Empty text and empty blobs are values, not NULL.
        #expect(try db.prepare("SELECT count(*) FROM t WHERE s = '' AND b IS NOT NULL").singleValue(Int64.self) == 1)
        #expect(try db.prepare("SELECT count(*) FROM t WHERE typeof(b) = 'blob' AND length(b) = 0").singleValue(Int64.self) == 1)
    }

    @Test("named parameters bind with or without their prefix; columns read by name")
    func namedParameters() throws {
        let directory = try TemporaryDirectory()
        let db = try Database(path: directory.path("named.sqlite"))
        try db.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL)")
        try db.execute(
            "INSERT INTO people (name, score) VALUES (:name, @score)",
            namedArguments: ["name": "Ada", "@score": 2.5]
        )
        #expect(db.lastInsertRowID == 1)
        #expect(db.changes == 1)
        try db.execute("INSERT INTO people (name, score) VALUES ($name, :score)", namedArguments: ["$name": "Bo", "score": nil])
        try db.execute("UPDATE people SET score = coalesce(score, 0) + 1", arguments: [])
        #expect(db.changes == 2)
        let statement = try db.prepare("SELECT id, name AS Name, score FROM people WHERE name = :name")
        try statement.bind("Bo", named: "name")
        let row = try statement.first { row in
            (try row.decode(Int64.self, named: "ID"), try row.string(named: "name"), try row.double(named: "score"))
        }
        let found = try #require(row)
        #expect(found.0 == 2)
        #expect(found.1 == "Bo")
        #expect(found.2 == 1.0)
    }

    @Test("reading a column as the wrong type throws instead of converting")
    func strictDecoding() throws {
        let directory = try TemporaryDirectory()
        let db = try Database(path: directory.path("strict.sqlite"))
        let statement = try db.prepare("SELECT ? AS age, NULL AS missing, 3000000000 AS big")
        try statement.bind("forty", at: 1)
        _ = try statement.first { row in
            #expect(throws: RowDecodingError.self) { try row.int64(at: 0) }
            #expect(try row.int64(named: "missing") == nil)
            #expect(throws: RowDecodingError.self) { try row.decode(Int64.self, named: "missing") }
            #expect(throws: RowDecodingError.self) { try row.decode(Int32.self, named: "big") }
            #expect(try row.decode(Double.self, named: "big") == 3_000_000_000)
            let error = try #require(throws: RowDecodingError.self) { try row.decode(Int64.self, at: 0) }
            #expect(error.description.contains("\"age\""))
            #expect(error.description.contains("text"))
            #expect(!error.description.contains("forty"), "decoding errors must not show values")
        }
    }

    @Test("errors name the SQL and SQLite's message but never the bound values")
    func errorDescriptions() throws {
        let directory = try TemporaryDirectory()
        let db = try Database(path: directory.path("errors.sqlite"))
        try db.execute("CREATE TABLE emails (address TEXT NOT NULL UNIQUE)")
        let insert = "INSERT INTO emails (address) VALUES (?)"
        try db.execute(insert, arguments: ["secret@example.com"])
        let error = try #require(throws: DatabaseError.self) {
            try db.execute(insert, arguments: ["secret@example.com"])
        }
        #expect(error.isConstraintViolation)
        #expect(!error.isBusy)
        #expect(error.description.contains(insert))
        #expect(error.description.contains("UNIQUE constraint failed: emails.address"))
        #expect(!error.description.contains("secret@example.com"))

        let syntax = try #require(throws: DatabaseError.self) { try db.execute("SELEKT 1") }
        #expect(syntax.description.contains("SELEKT 1"))
        #expect(syntax.description.contains("syntax error"))
    }

    @Test("foreign keys are enforced")
    func foreignKeysEnforced() throws {
        let directory = try TemporaryDirectory()
        let db = try Database(path: directory.path("fk.sqlite"))
        try db.execute("""
            CREATE TABLE parents (id INTEGER PRIMARY KEY);
            CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents (id));
            """)
        let error = try #require(throws: DatabaseError.self) {
            try db.execute("INSERT INTO children (parent_id) VALUES (?)", arguments: [42])
        }
        #expect(error.isConstraintViolation)
        #expect(error.message.contains("FOREIGN KEY"))
    }

    @Test("a transaction rolls back everything when its body throws")
    func transactionRollback() throws {
        struct Refused: Error {}
        let directory = try TemporaryDirectory()
        let db = try Database(path: directory.path("tx.sqlite"))
        try db.execute("CREATE TABLE t (x INTEGER)")
        #expect(throws: Refused.self) {
            try db.inTransaction {
                try db.execute("INSERT INTO t VALUES (1)")
                throw Refused()
            }
        }
        #expect(!db.isInTransaction)
        #expect(try db.prepare("SELECT count(*) FROM t").singleValue(Int64.self) == 0)
        let value = try db.inTransaction { () -> Int in
            try db.execute("INSERT INTO t VALUES (2)")
            return 7
        }
        #expect(value == 7)
        #expect(try db.prepare("SELECT sum(x) FROM t").singleValue(Int64.self) == 2)
    }
}
