import Foundation

/// Where an ingest run stands.
public enum IngestRunStatus: String, Sendable, Equatable, CaseIterable {
    /// Started and not yet finished (or its process died before finishing).
    case running
    /// Finished and produced a snapshot (or found nothing to change).
    case succeeded
    /// Finished with an error; nothing was made live.
    case failed
}

/// How an ingest run ended.
public enum IngestRunOutcome: Sendable, Equatable {
    /// The run produced `snapshotID` (nil when it made no snapshot).
    case succeeded(snapshotID: Int64?)
    /// The run failed with `message`, the error as shown to the user.
    case failed(message: String)
}

/// One ingest attempt as the store records it.
public struct IngestRunRecord: Sendable, Equatable, Identifiable {
    /// The row id.
    public var id: Int64
    /// When the run started (millisecond precision).
    public var startedAt: Date
    /// When the run ended; nil while running.
    public var endedAt: Date?
    /// Where the run stands.
    public var status: IngestRunStatus
    /// The error of a failed run.
    public var errorMessage: String?
    /// The snapshot the run produced, if any (nil again once that snapshot is
    /// deleted).
    public var snapshotID: Int64?

    /// Creates a record.
    public init(
        id: Int64,
        startedAt: Date,
        endedAt: Date?,
        status: IngestRunStatus,
        errorMessage: String?,
        snapshotID: Int64?
    ) {
        self.id = id
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.status = status
        self.errorMessage = errorMessage
        self.snapshotID = snapshotID
    }
}

extension IngestRunRecord {
    /// The columns ``init(row:)`` reads from `ingest_runs`.
    static let selection = "id, started_at, ended_at, status, error_message, snapshot_id"

    /// Reads a record from a row selected with ``selection``.
    init(row: Row) throws {
        let statusText: String = try row.decode(at: 3)
        guard let status = IngestRunStatus(rawValue: statusText) else {
            throw RowDecodingError(
                columnIndex: 3,
                columnName: "status",
                expectedType: "IngestRunStatus",
                found: .text(statusText),
                sql: row.statement.sql
            )
        }
        self.init(
            id: try row.decode(at: 0),
            startedAt: try row.decode(at: 1),
            endedAt: try row.decode(at: 2),
            status: status,
            errorMessage: try row.decode(at: 4),
            snapshotID: try row.decode(at: 5)
        )
    }
}
