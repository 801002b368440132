import CustomerData

/// The columns and format of one activity source, as the workspace's config names them.
public struct ActivityLayout: Codable, Sendable, Equatable {
    /// The source's name in the workspace (`activities`).
    public var name: String
    /// The column holding each event's customer id.
    public var customerIDColumn: String
    /// The column holding the activity type, or nil when every row has `fixedType`.
    public var typeColumn: String?
    /// The type of every row when the file has no type column.
    public var fixedType: String?
    /// The column holding each event's date or datetime.
    public var timestampColumn: String
    /// The column holding each event's amount, if any.
    public var amountColumn: String?
    /// The file's format (delimiter, missing-value tokens, date patterns).
    public var format: CSVFormat

    /// Creates a layout.
    public init(name: String, customerIDColumn: String, typeColumn: String? = nil, fixedType: String? = nil,
                timestampColumn: String, amountColumn: String? = nil, format: CSVFormat = .standard) {
        self.name = name
        self.customerIDColumn = customerIDColumn
        self.typeColumn = typeColumn
        self.fixedType = fixedType
        self.timestampColumn = timestampColumn
        self.amountColumn = amountColumn
        self.format = format
    }

    /// Whether a file with this header has the source's columns.
    public func matches(header: [String]) -> Bool {
        header.contains(customerIDColumn) && header.contains(timestampColumn)
            && (typeColumn.map(header.contains) ?? (fixedType != nil))
            && (amountColumn.map(header.contains) ?? true)
    }
}
