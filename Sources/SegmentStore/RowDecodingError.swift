/// A result column held a value that cannot be read as the requested type.
///
/// The description names the column and the SQL, and the storage class found,
/// but never the value itself.
public struct RowDecodingError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The 0-based column index.
    public let columnIndex: Int
    /// The column's name in the result.
    public let columnName: String
    /// The Swift type asked for (`Int64`, `Optional<String>`).
    public let expectedType: String
    /// The storage class found (`null`, `integer`, `real`, `text`, `blob`).
    public let foundStorageClass: String
    /// The statement's SQL.
    public let sql: String

    init(columnIndex: Int, columnName: String, expectedType: String, found: DatabaseValue, sql: String) {
        self.columnIndex = columnIndex
        self.columnName = columnName
        self.expectedType = expectedType
        self.foundStorageClass = found.storageClassName
        self.sql = sql
    }

    public var description: String {
        "column \(columnIndex) \"\(columnName)\": cannot read \(foundStorageClass) as \(expectedType) in `\(sql)`"
    }
}
