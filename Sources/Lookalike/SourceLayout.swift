import CustomerData

/// How the files a model was trained from are laid out, so batch scoring reads new files as ingest read those.
///
/// Saved in the model's metadata by the workspace; a model saved without one
/// reads customers files with the standard format in UTC and cannot read activity files.
public struct SourceLayout: Codable, Sendable, Equatable {
    /// The workspace time zone: datetimes without an offset are read in it.
    public var timeZone: String
    /// The customers file's id column.
    public var customerIDColumn: String
    /// The customers file's format (delimiter, missing-value tokens, date patterns).
    public var customerFormat: CSVFormat
    /// The activity sources, in the workspace's order.
    public var activities: [ActivityLayout]

    /// Creates a layout.
    public init(timeZone: String, customerIDColumn: String, customerFormat: CSVFormat = .standard,
                activities: [ActivityLayout] = []) {
        self.timeZone = timeZone
        self.customerIDColumn = customerIDColumn
        self.customerFormat = customerFormat
        self.activities = activities
    }
}
