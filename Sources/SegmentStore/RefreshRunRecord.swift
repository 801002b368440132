import Foundation

/// What started a refresh run.
public enum RefreshTrigger: String, Sendable, Equatable, Codable, CaseIterable {
    /// A person asked for it.
    case manual
    /// The schedule.
    case scheduled
    /// A segment depending on this one was refreshed.
    case dependency
}

/// Where a refresh run stands.
///
/// `queued` → `refreshing` → `succeeded` | `failed` | `canceled`; a queued run
/// can also end `skipped`, `canceled` or `failed` without starting.
public enum RefreshRunStatus: String, Sendable, Equatable, Codable, CaseIterable {
    case queued
    case refreshing
    case succeeded
    case failed
    /// Not attempted (inactive at a scheduled refresh, or a dependency failed);
    /// the run says why.
    case skipped
    case canceled

    /// Whether the run has ended.
    public var isFinished: Bool {
        self != .queued && self != .refreshing
    }

    /// Whether a run may move from this status to `next`.
    public func canMove(to next: RefreshRunStatus) -> Bool {
        switch (self, next) {
        case (.queued, .refreshing), (.queued, .skipped), (.queued, .canceled), (.queued, .failed): true
        case (.refreshing, .succeeded), (.refreshing, .failed), (.refreshing, .canceled): true
        default: false
        }
    }
}

/// One refresh attempt of one segment.
public struct RefreshRunRecord: Sendable, Equatable, Identifiable, Codable {
    /// The row id; never reused.
    public var id: Int64
    /// The segment refreshed.
    public var segmentID: Int64
    /// What started the run.
    public var trigger: RefreshTrigger
    /// Where the run stands.
    public var status: RefreshRunStatus
    /// A report a person can read, for a failed run.
    public var errorReport: String?
    /// Why a skipped run was not attempted.
    public var skipReason: String?
    /// When the run was queued.
    public var queuedAt: Date
    /// When evaluation started; nil while queued (and for runs that ended
    /// without starting).
    public var startedAt: Date?
    /// When the run ended; nil while queued or refreshing.
    public var endedAt: Date?
    /// `endedAt - startedAt` in milliseconds, for runs that started and ended.
    public var durationMilliseconds: Int?
    /// Members after a successful run.
    public var memberCount: Int?
    /// Customers in this membership and not in the previous one (all of them
    /// at a segment's first refresh).
    public var enteredCount: Int?
    /// Customers in the previous membership and not in this one.
    public var exitedCount: Int?
    /// The data snapshot evaluated, if recorded (nil again once it is deleted).
    public var snapshotID: Int64?
}

extension RefreshRunRecord {
    /// The columns ``init(row:)`` reads from `refresh_runs`.
    static let selection = """
        id, segment_id, trigger, status, error_report, skip_reason, queued_at, started_at, ended_at,
        duration_ms, member_count, entered_count, exited_count, snapshot_id
        """

    /// Reads a record from a row selected with ``selection``.
    init(row: Row) throws {
        self.init(
            id: try row.decode(at: 0),
            segmentID: try row.decode(at: 1),
            trigger: try row.decodeEnumeration(at: 2),
            status: try row.decodeEnumeration(at: 3),
            errorReport: try row.decode(at: 4),
            skipReason: try row.decode(at: 5),
            queuedAt: try row.decode(at: 6),
            startedAt: try row.decode(at: 7),
            endedAt: try row.decode(at: 8),
            durationMilliseconds: try row.decode(at: 9),
            memberCount: try row.decode(at: 10),
            enteredCount: try row.decode(at: 11),
            exitedCount: try row.decode(at: 12),
            snapshotID: try row.decode(at: 13)
        )
    }
}
