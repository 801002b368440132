/// The names of the tables and fixed columns the compiled SQL reads.
///
/// `SQLSnapshotExport` writes this layout; the compiler reads it. Customer
/// attributes and activity fields keep their own names as column names.
///
/// - `customers`: `customer_row` (the snapshot row, the member key) and one
///   column per attribute.
/// - `activities`: `activity_row` (the snapshot row: ordered by customer, then
///   timestamp, ties in file order), `customer_row`, `type`, `timestamp`
///   (milliseconds) and one column per other field.
/// - `segment_members`: `segment`, `customer_row`: the members of the segments
///   a definition refers to.
/// - `audience_local_days`, `audience_folded_texts`: lookups for dialects that
///   lack time zones or Unicode lowercasing (see `SQLDialect`).
public struct SQLLayout: Sendable, Hashable {
    public var customersTable = "customers"
    public var activitiesTable = "activities"
    public var segmentMembersTable = "segment_members"
    public var localDaysTable = "audience_local_days"
    public var foldedTextsTable = "audience_folded_texts"
    /// The member key of `customers`, also in `activities` and `segment_members`.
    public var customerRowColumn = "customer_row"
    /// The order of activities among equal timestamps.
    public var activityRowColumn = "activity_row"
    public var activityTypeColumn = "type"
    public var activityTimestampColumn = "timestamp"
    public var segmentColumn = "segment"
    /// The local-days lookup: an instant in milliseconds and its calendar day.
    public var instantColumn = "instant_ms"
    public var dayColumn = "day"
    /// The folded-texts lookup: a text and its Unicode lowercase form.
    public var textColumn = "value"
    public var foldedColumn = "folded"

    public init() {}
}
