import Foundation

/// Where an export run stands.
public enum ExportRunStatus: String, Sendable, Equatable, Codable, CaseIterable {
    case running
    case succeeded
    case failed
}

/// How an export run ended.
public enum ExportRunOutcome: Sendable, Equatable {
    /// Wrote `rowCount` rows.
    case succeeded(rowCount: Int)
    /// Failed with `message`, the error as shown to the user.
    case failed(message: String)
}

/// One run of an export.
public struct ExportRunRecord: Sendable, Equatable, Identifiable, Codable {
    /// The row id.
    public var id: Int64
    /// The export.
    public var exportID: Int64
    /// Where it stands.
    public var status: ExportRunStatus
    /// When it started.
    public var startedAt: Date
    /// When it ended; nil while running.
    public var endedAt: Date?
    /// The rows written, for a successful run.
    public var rowCount: Int?
    /// The error of a failed run.
    public var errorMessage: String?
}

extension ExportRunRecord {
    /// The columns ``init(row:)`` reads from `export_runs`.
    static let selection = "id, export_id, status, started_at, ended_at, row_count, error_message"

    /// Reads a record from a row selected with ``selection``.
    init(row: Row) throws {
        self.init(
            id: try row.decode(at: 0),
            exportID: try row.decode(at: 1),
            status: try row.decodeEnumeration(at: 2),
            startedAt: try row.decode(at: 3),
            endedAt: try row.decode(at: 4),
            rowCount: try row.decode(at: 5),
            errorMessage: try row.decode(at: 6)
        )
    }
}
