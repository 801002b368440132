import CSQLite

/// A compiled SQL statement of one ``Database``.
///
/// Bind parameters, then step through rows with ``step()`` or collect them
/// with ``map(_:)``; ``reset()`` to run it again. A statement keeps its
/// database open and, like it, is used by one thread at a time.
public final class Statement {
    /// The database the statement belongs to.
    public let database: Database
    /// The statement's SQL text (never contains bound values).
    public let sql: String
    /// The `sqlite3_stmt*` handle; valid until `deinit`.
    let handle: OpaquePointer
    /// Column index by name, built on first lookup.
    private var columnIndexes: [String: Int]?

    init(database: Database, handle: OpaquePointer, sql: String) {
        self.database = database
        self.handle = handle
        self.sql = sql
    }

    deinit {
        // finalize returns the code of the last failed step, which was already
        // reported to whoever stepped; there is nothing more to check.
        _ = sqlite3_finalize(handle)
    }

    /// The number of result columns.
    public var columnCount: Int {
        Int(sqlite3_column_count(handle))
    }

    /// The names of the result columns, in order.
    public var columnNames: [String] {
        (0..<columnCount).map { columnName(at: $0) }
    }

    /// The name of result column `index` (0-based).
    public func columnName(at index: Int) -> String {
        precondition(index >= 0 && index < columnCount, "Statement.columnName(at:): column \(index) out of range in `\(sql)`")
        guard let name = sqlite3_column_name(handle, Int32(index)) else { return "" }
        return String(cString: name)
    }

    /// The 0-based index of the result column called `name`, if any. When two
    /// columns share a name the first wins.
    public func columnIndex(named name: String) -> Int? {
        if columnIndexes == nil {
            var indexes: [String: Int] = [:]
            for index in (0..<columnCount).reversed() {
                indexes[columnName(at: index).lowercased()] = index
            }
            columnIndexes = indexes
        }
        return columnIndexes?[name.lowercased()]
    }

    // MARK: - Stepping

    /// Advances to the next result row; `nil` when the statement is done.
    ///
    /// The row is a view of the statement and is valid until the next call to
    /// `step`, `reset` or a binding method.
    ///
    /// The corresponding C function is `sqlite3_step`.
    public func step() throws -> Row? {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW:
            return Row(statement: self)
        case SQLITE_DONE:
            return nil
        default:
            let error = DatabaseError.lastError(of: database.handle, code: code, sql: sql)
            // Reset so the statement can run again after a busy error.
            _ = sqlite3_reset(handle)
            throw error
        }
    }

    /// Runs the statement to completion, discarding any rows, then resets it.
    public func execute() throws {
        defer { _ = sqlite3_reset(handle) }
        while try step() != nil {}
    }

    /// Runs the statement and returns `transform` applied to each row, then
    /// resets it.
    public func map<T>(_ transform: (Row) throws -> T) throws -> [T] {
        defer { _ = sqlite3_reset(handle) }
        var results: [T] = []
        while let row = try step() {
            results.append(try transform(row))
        }
        return results
    }

    /// Runs the statement and returns `transform` applied to the first row, or
    /// `nil` when there is none, then resets it.
    public func first<T>(_ transform: (Row) throws -> T) throws -> T? {
        defer { _ = sqlite3_reset(handle) }
        guard let row = try step() else { return nil }
        return try transform(row)
    }

    /// The first column of the first row, or `nil` when there is no row or
    /// the value is `NULL`.
    public func singleValue<T: DatabaseValueConvertible>(_ type: T.Type = T.self) throws -> T? {
        try first { row in try row.decode(T?.self, at: 0) } ?? nil
    }

    /// Makes the statement ready to run again; bindings are kept.
    ///
    /// The corresponding C function is `sqlite3_reset`. Its return code
    /// repeats the last step's error, which `step` already threw, so it is
    /// not checked here.
    public func reset() {
        _ = sqlite3_reset(handle)
    }

    /// Sets every parameter back to `NULL`.
    ///
    /// The corresponding C function is `sqlite3_clear_bindings`.
    public func clearBindings() throws {
        let code = sqlite3_clear_bindings(handle)
        guard code == SQLITE_OK else {
            throw DatabaseError.lastError(of: database.handle, code: code, sql: sql)
        }
    }
}
