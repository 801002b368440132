import CSQLite

/// One SQLite connection.
///
/// A `Database` owns its `sqlite3` handle and is not `Sendable`: it is used by
/// one thread at a time. Reach it through ``Store``, which serialises access
/// and wraps work in transactions, or open one directly for tools and tests.
///
/// Opening turns on write-ahead logging, foreign keys, a busy timeout and
/// `synchronous=NORMAL` (see ``Configuration``).
public final class Database {
    /// The file the connection is open on.
    public let path: String
    /// The settings the connection was opened with.
    public let configuration: Configuration
    /// The `sqlite3*` handle; valid until `deinit`.
    let handle: OpaquePointer

    /// Opens (and, unless read-only, creates) the database file at `path`.
    ///
    /// The corresponding C function is `sqlite3_open_v2`.
    /// - Throws: ``DatabaseError`` when the file cannot be opened, is not a
    ///   database, or a setting cannot be applied (e.g. the store is busy).
    public init(path: String, configuration: Configuration = Configuration()) throws {
        self.path = path
        self.configuration = configuration
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        flags |= configuration.isReadOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        var connection: OpaquePointer?
        let code = sqlite3_open_v2(path, &connection, flags, nil)
        guard code == SQLITE_OK, let connection else {
            let error = DatabaseError.lastError(of: connection, code: code, sql: nil)
            let failure = DatabaseError(
                resultCode: error.resultCode,
                extendedResultCode: error.extendedResultCode,
                message: "cannot open \(path): \(error.message)"
            )
            // sqlite3_open_v2 allocates a handle even on failure; it must be closed.
            _ = sqlite3_close_v2(connection)
            throw failure
        }
        handle = connection
        do {
            try applySettings()
        } catch {
            _ = sqlite3_close_v2(connection)
            throw error
        }
    }

    deinit {
        // close_v2 defers the close until every statement is finalised; a
        // Statement keeps its Database alive, so none are left at this point.
        let code = sqlite3_close_v2(handle)
        assert(code == SQLITE_OK, "Database.deinit: sqlite3_close_v2 returned \(code)")
    }

    /// Applies the busy timeout and pragmas of `configuration`.
    private func applySettings() throws {
        let timeoutMilliseconds = configuration.busyTimeoutMilliseconds
        let code = sqlite3_busy_timeout(handle, timeoutMilliseconds)
        guard code == SQLITE_OK else {
            throw DatabaseError.lastError(of: handle, code: code, sql: nil)
        }
        try execute("PRAGMA foreign_keys = ON")
        if configuration.isReadOnly {
            return
        }
        // journal_mode returns the mode now in force; a file that cannot use
        // WAL (e.g. on a network file system) reports something else.
        let mode = try prepare("PRAGMA journal_mode = WAL").singleValue(String.self)
        guard mode?.lowercased() == "wal" else {
            throw DatabaseError(
                resultCode: SQLITE_CANTOPEN,
                message: "\(path) cannot use write-ahead logging (journal_mode is \(mode ?? "unknown"))",
                sql: "PRAGMA journal_mode = WAL"
            )
        }
        // In WAL mode NORMAL syncs the log at checkpoints, not at every commit:
        // a power loss can drop the last commits, but the file never corrupts
        // and a killed process loses nothing it committed.
        try execute("PRAGMA synchronous = NORMAL")
        if configuration.isQueryOnly {
            try execute("PRAGMA query_only = ON")
        }
    }

    // MARK: - Running SQL

    /// Runs one or more `;`-separated SQL statements without parameters,
    /// discarding any rows.
    ///
    /// Statements before a failing one stay applied unless the script runs
    /// inside a transaction (as it does in `Store.write` and migrations).
    /// - Throws: ``DatabaseError`` naming the statement that failed.
    public func execute(_ sql: String) throws {
        var remaining = Substring(sql)
        while let statement = try prepareFirst(of: &remaining) {
            try statement.execute()
        }
    }

    /// Runs one SQL statement with positional `arguments`, discarding any rows.
    public func execute(_ sql: String, arguments: [(any DatabaseValueConvertible)?]) throws {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        try statement.execute()
    }

    /// Runs one SQL statement with named `arguments` (keys with or without the
    /// leading `:`), discarding any rows.
    public func execute(_ sql: String, namedArguments: [String: (any DatabaseValueConvertible)?]) throws {
        let statement = try prepare(sql)
        try statement.bind(namedArguments)
        try statement.execute()
    }

    /// Compiles one SQL statement.
    ///
    /// The corresponding C function is `sqlite3_prepare_v3`.
    /// - Precondition: `sql` holds exactly one statement.
    public func prepare(_ sql: String) throws -> Statement {
        var remaining = Substring(sql)
        guard let statement = try prepareFirst(of: &remaining) else {
            preconditionFailure("Database.prepare(_:): no SQL statement in `\(sql)`")
        }
        // Only whitespace, `;` or comments may follow.
        let extra = try prepareFirst(of: &remaining)
        precondition(extra == nil, "Database.prepare(_:): more than one statement in `\(sql)`; use execute(_:) for scripts")
        return statement
    }

    /// Compiles the first statement of `sql` and drops its text from `sql`;
    /// `nil` when only whitespace or comments remain.
    private func prepareFirst(of sql: inout Substring) throws -> Statement? {
        while true {
            let text = String(sql)
            var compiled: OpaquePointer?
            var consumedBytes = 0
            let code = text.withCString { start -> Int32 in
                var tail: UnsafePointer<CChar>?
                let code = sqlite3_prepare_v3(handle, start, -1, 0, &compiled, &tail)
                if let tail {
                    consumedBytes = start.distance(to: tail)
                }
                return code
            }
            let utf8 = text.utf8
            let consumed = utf8.index(utf8.startIndex, offsetBy: consumedBytes)
            guard code == SQLITE_OK else {
                _ = sqlite3_finalize(compiled)
                // The tail is unreliable after a failure: report the rest of the script.
                throw DatabaseError.lastError(of: handle, code: code, sql: text.trimmingSQLWhitespace())
            }
            let statementText = String(text[..<consumed]).trimmingSQLWhitespace()
            sql = Substring(text[consumed...])
            if let compiled {
                return Statement(database: self, handle: compiled, sql: statementText)
            }
            // A comment or empty statement compiles to nothing; stop at the end.
            if consumedBytes == 0 || sql.isEmpty {
                return nil
            }
        }
    }

    // MARK: - Connection state

    /// The rowid of the last row inserted by this connection.
    ///
    /// The corresponding C function is `sqlite3_last_insert_rowid`.
    public var lastInsertRowID: Int64 {
        sqlite3_last_insert_rowid(handle)
    }

    /// The number of rows changed by the last `INSERT`, `UPDATE` or `DELETE`.
    ///
    /// The corresponding C function is `sqlite3_changes64`.
    public var changes: Int {
        Int(sqlite3_changes64(handle))
    }

    /// Whether a transaction is open (the connection is not in autocommit mode).
    ///
    /// The corresponding C function is `sqlite3_get_autocommit`.
    public var isInTransaction: Bool {
        sqlite3_get_autocommit(handle) == 0
    }
}

extension String {
    /// The text without surrounding whitespace and trailing `;`, for messages.
    func trimmingSQLWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace || last == ";" { view.removeLast() }
        return String(view)
    }
}
