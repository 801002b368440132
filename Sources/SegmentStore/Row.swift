import CSQLite
import Foundation

/// The current result row of a ``Statement``.
///
/// A row is a view: it reads the statement's current row and is valid until
/// the statement steps, resets or binds again. Copy values out with the typed
/// getters, which throw a ``RowDecodingError`` when a column holds another
/// storage class than asked for, instead of converting silently.
///
/// ```swift
/// let id: Int64 = try row.decode(at: 0)
/// let error = try row.string(named: "error")   // String?, nil for NULL
/// ```
public struct Row {
    /// The statement whose current row this is.
    public let statement: Statement

    init(statement: Statement) {
        self.statement = statement
    }

    /// The number of columns.
    public var count: Int {
        statement.columnCount
    }

    /// The value of column `index` (0-based), copied out of SQLite.
    ///
    /// The corresponding C functions are `sqlite3_column_*`.
    public func value(at index: Int) -> DatabaseValue {
        precondition(index >= 0 && index < count, "Row.value(at:): column \(index) out of range in `\(statement.sql)`")
        let handle = statement.handle
        let column = Int32(index)
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, column))
        case SQLITE_TEXT:
            // Ask for the pointer before the length, as SQLite documents.
            guard let text = sqlite3_column_text(handle, column) else { return .text("") }
            let length = Int(sqlite3_column_bytes(handle, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self))
        case SQLITE_BLOB:
            guard let bytes = sqlite3_column_blob(handle, column) else { return .blob(Data()) }
            let length = Int(sqlite3_column_bytes(handle, column))
            return .blob(Data(bytes: bytes, count: length))
        default:
            return .null
        }
    }

    /// The value of the column called `name` (case-insensitive).
    /// - Precondition: the statement has such a column.
    public func value(named name: String) -> DatabaseValue {
        value(at: index(named: name, caller: "Row.value(named:)"))
    }

    /// The value of column `index` as `T`. Ask for an optional type
    /// (`Int64?`) to read `NULL` as `nil`.
    /// - Throws: ``RowDecodingError`` when the value is `NULL` for a
    ///   non-optional `T`, has another storage class, or is out of range.
    public func decode<T: DatabaseValueConvertible>(_ type: T.Type = T.self, at index: Int) throws -> T {
        let value = value(at: index)
        guard let decoded = T.fromDatabaseValue(value) else {
            throw RowDecodingError(
                columnIndex: index,
                columnName: statement.columnName(at: index),
                expectedType: String(describing: T.self),
                found: value,
                sql: statement.sql
            )
        }
        return decoded
    }

    /// The value of the column called `name` as `T`; see ``decode(_:at:)``.
    public func decode<T: DatabaseValueConvertible>(_ type: T.Type = T.self, named name: String) throws -> T {
        try decode(T.self, at: index(named: name, caller: "Row.decode(_:named:)"))
    }

    /// Whether column `index` is `NULL`.
    public func isNull(at index: Int) -> Bool {
        value(at: index).isNull
    }

    /// The 0-based index of column `name`, trapping with `caller` when absent.
    private func index(named name: String, caller: String) -> Int {
        guard let index = statement.columnIndex(named: name) else {
            preconditionFailure("\(caller): no column \(name) in `\(statement.sql)`")
        }
        return index
    }
}

// MARK: - Typed getters

extension Row {
    /// Column `index` as an integer; `nil` for `NULL`.
    public func int64(at index: Int) throws -> Int64? { try decode(Int64?.self, at: index) }
    /// Column `index` as a float (integers widen); `nil` for `NULL`.
    public func double(at index: Int) throws -> Double? { try decode(Double?.self, at: index) }
    /// Column `index` as text; `nil` for `NULL`.
    public func string(at index: Int) throws -> String? { try decode(String?.self, at: index) }
    /// Column `index` as bytes; `nil` for `NULL`.
    public func data(at index: Int) throws -> Data? { try decode(Data?.self, at: index) }

    /// The column called `name` as an integer; `nil` for `NULL`.
    public func int64(named name: String) throws -> Int64? { try decode(Int64?.self, named: name) }
    /// The column called `name` as a float (integers widen); `nil` for `NULL`.
    public func double(named name: String) throws -> Double? { try decode(Double?.self, named: name) }
    /// The column called `name` as text; `nil` for `NULL`.
    public func string(named name: String) throws -> String? { try decode(String?.self, named: name) }
    /// The column called `name` as bytes; `nil` for `NULL`.
    public func data(named name: String) throws -> Data? { try decode(Data?.self, named: name) }
}
