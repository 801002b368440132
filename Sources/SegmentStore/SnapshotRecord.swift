import Foundation

/// One ingested data generation as the store records it.
public struct SnapshotRecord: Sendable, Equatable, Identifiable {
    /// The row id.
    public var id: Int64
    /// The generation's folder under the workspace's `data/` (`gen-000007`).
    public var directoryName: String
    /// When the snapshot was recorded (millisecond precision).
    public var createdAt: Date
    /// The number of customers ingested.
    public var customerCount: Int
    /// The number of activities ingested.
    public var activityCount: Int
    /// The ingest report, as JSON text.
    public var reportJSON: String
    /// Whether this was the live snapshot when the record was read.
    public var isLive: Bool

    /// Creates a record.
    public init(
        id: Int64,
        directoryName: String,
        createdAt: Date,
        customerCount: Int,
        activityCount: Int,
        reportJSON: String,
        isLive: Bool
    ) {
        self.id = id
        self.directoryName = directoryName
        self.createdAt = createdAt
        self.customerCount = customerCount
        self.activityCount = activityCount
        self.reportJSON = reportJSON
        self.isLive = isLive
    }

    /// The folder name of generation `number`: `gen-` and at least six
    /// digits (`gen-000007`), so names sort in generation order.
    /// - Precondition: `number` is positive.
    public static func directoryName(number: Int) -> String {
        precondition(number > 0, "SnapshotRecord.directoryName(number:): number \(number) is not positive")
        let digits = String(number)
        return "gen-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}

extension SnapshotRecord {
    /// The columns ``init(row:)`` reads, for `SELECT … FROM snapshots AS s,
    /// workspace_state AS w`.
    static let selection = """
        s.id, s.directory_name, s.created_at, s.customer_count, s.activity_count, s.report_json,
        s.id IS w.live_snapshot_id AS is_live
        """

    /// Reads a record from a row selected with ``selection``.
    init(row: Row) throws {
        self.init(
            id: try row.decode(at: 0),
            directoryName: try row.decode(at: 1),
            createdAt: try row.decode(at: 2),
            customerCount: try row.decode(at: 3),
            activityCount: try row.decode(at: 4),
            reportJSON: try row.decode(at: 5),
            isLive: try row.decode(at: 6)
        )
    }
}
