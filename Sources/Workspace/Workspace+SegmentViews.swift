import Foundation
import SegmentStore

/// One segment as commands show it (list rows, JSON for the API).
public struct SegmentSummary: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var description: String
    /// `dynamic`, `static` or `expansion`.
    public var type: String
    /// `active` or `inactive`.
    public var state: String
    /// A scheduled activation, if any.
    public var activateAt: Date?
    /// A scheduled deactivation, if any.
    public var deactivateAt: Date?
    /// When the segment refreshes among the system refreshes.
    public var schedule: SegmentSchedule
    public var isExemptFromAutoDeactivation: Bool
    public var tags: [String]
    public var definitionVersion: Int
    public var createdAt: Date
    public var updatedAt: Date
    /// The last recorded view (show, preview, download); views come at most an hour apart,
    /// so a later view within the hour of this one is not recorded.
    public var lastViewedAt: Date?
    /// The end of the last successful refresh.
    public var lastRefreshedAt: Date?
    /// Members at the last successful refresh.
    public var memberCount: Int?
    /// The status of the latest refresh run (`succeeded`, `failed`, `skipped`, …).
    public var lastRunStatus: String?

    init(_ record: SegmentRecord) {
        id = record.id
        name = record.name
        description = record.description
        type = record.type.rawValue
        state = record.state.rawValue
        activateAt = record.activateAt
        deactivateAt = record.deactivateAt
        schedule = record.schedule
        isExemptFromAutoDeactivation = record.isExemptFromAutoDeactivation
        tags = record.tags
        definitionVersion = record.definitionVersion
        createdAt = record.createdAt
        updatedAt = record.updatedAt
        lastViewedAt = record.lastViewedAt
        lastRefreshedAt = record.lastRefreshedAt
        memberCount = record.memberCount
        lastRunStatus = record.lastRunStatus?.rawValue
    }
}

/// Everything `segment show` prints about one segment.
public struct SegmentDetail: Codable, Sendable {
    public var segment: SegmentSummary
    /// The current definition in the text syntax.
    public var definition: String
    /// The segments this one refers to.
    public var dependsOn: [String]
    /// The segments referring to this one.
    public var usedBy: [String]
    /// The exports containing this segment.
    public var exports: [String]
    /// The latest refresh runs, newest first.
    public var recentRuns: [RefreshRunSummary]
    /// The next scheduled refreshes (none for static or inactive segments, or when the schedule is off).
    public var nextScheduledRefreshes: [Date]
}

/// One saved definition of a segment.
public struct SegmentVersion: Codable, Sendable, Equatable {
    public var version: Int
    public var definition: String
    public var createdAt: Date
    public var isCurrent: Bool
}

/// One refresh run as commands show it.
public struct RefreshRunSummary: Codable, Sendable, Equatable {
    public var id: Int64
    public var segment: String
    /// `manual`, `scheduled` or `dependency`.
    public var trigger: String
    /// `queued`, `refreshing`, `succeeded`, `failed`, `skipped` or `canceled`.
    public var status: String
    public var queuedAt: Date
    public var startedAt: Date?
    public var endedAt: Date?
    public var durationMilliseconds: Int?
    public var memberCount: Int?
    public var enteredCount: Int?
    public var exitedCount: Int?
    /// Why a run failed (a report a person can read) or was skipped.
    public var message: String?

    init(_ run: RefreshRunRecord, segment: String) {
        id = run.id
        self.segment = segment
        trigger = run.trigger.rawValue
        status = run.status.rawValue
        queuedAt = run.queuedAt
        startedAt = run.startedAt
        endedAt = run.endedAt
        durationMilliseconds = run.durationMilliseconds
        memberCount = run.memberCount
        enteredCount = run.enteredCount
        exitedCount = run.exitedCount
        message = run.errorReport ?? run.skipReason
    }
}
