/// A snapshot that cannot be written to SQL tables as it is, with the table
/// and column at fault.
public struct SQLExportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The table (`customers`, `activities`).
    public var table: String
    /// The column at fault.
    public var column: String
    /// What is wrong and what to do.
    public var reason: String

    public init(table: String, column: String, reason: String) {
        self.table = table
        self.column = column
        self.reason = reason
    }

    /// `customers: column "customer_row": is named like …`.
    public var description: String {
        "\(table): column \"\(column)\": \(reason)"
    }
}
