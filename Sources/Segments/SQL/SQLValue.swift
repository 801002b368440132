/// A value bound to a parameter of a generated SQL statement.
///
/// Values never appear in SQL text: the compiler and the export hand them to
/// the database driver as parameters, so no text a user wrote can change a
/// statement's meaning.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

extension SQLValue: CustomStringConvertible {
    /// The value for messages and test failures (`NULL`, `42`, `2.5`, `"gold"`).
    public var description: String {
        switch self {
        case .null: return "NULL"
        case .integer(let value): return String(value)
        case .real(let value): return String(value)
        case .text(let value): return "\"" + value + "\""
        }
    }
}
