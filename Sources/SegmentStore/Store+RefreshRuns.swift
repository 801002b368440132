import Foundation
import Segments

// One-call refresh runs and memberships, each its own transaction.
extension Store {
    /// Queues a refresh run of a segment.
    @discardableResult
    public func queueRefreshRun(segmentID: Int64, trigger: RefreshTrigger, at date: Date = Date()) throws -> RefreshRunRecord {
        try write { db in try db.queueRefreshRun(segmentID: segmentID, trigger: trigger, at: date) }
    }

    /// Marks a queued run refreshing.
    @discardableResult
    public func startRefreshRun(id: Int64, snapshotID: Int64? = nil, at date: Date = Date()) throws -> RefreshRunRecord {
        try write { db in try db.startRefreshRun(id: id, snapshotID: snapshotID, at: date) }
    }

    /// Commits a successful refresh atomically; see
    /// ``Database/commitRefresh(runID:members:asOf:endedAt:keeping:)``.
    @discardableResult
    public func commitRefresh(
        runID: Int64,
        members: MemberSet,
        asOf: Date,
        endedAt: Date = Date(),
        keeping: Int = SegmentRules.defaultKeptMemberships
    ) throws -> RefreshRunRecord {
        try write { db in
            try db.commitRefresh(runID: runID, members: members, asOf: asOf, endedAt: endedAt, keeping: keeping)
        }
    }

    /// Ends a run as failed with a report a person can read.
    @discardableResult
    public func failRefreshRun(id: Int64, report: String, at date: Date = Date()) throws -> RefreshRunRecord {
        try write { db in try db.failRefreshRun(id: id, report: report, at: date) }
    }

    /// Ends a queued run as skipped, saying why.
    @discardableResult
    public func skipRefreshRun(id: Int64, reason: String, at date: Date = Date()) throws -> RefreshRunRecord {
        try write { db in try db.skipRefreshRun(id: id, reason: reason, at: date) }
    }

    /// Ends a queued or refreshing run as canceled.
    @discardableResult
    public func cancelRefreshRun(id: Int64, at date: Date = Date()) throws -> RefreshRunRecord {
        try write { db in try db.cancelRefreshRun(id: id, at: date) }
    }

    /// The run with id `id`, if any.
    public func refreshRun(id: Int64) throws -> RefreshRunRecord? {
        try read { db in try db.refreshRun(id: id) }
    }

    /// The latest runs of a segment, newest first.
    public func refreshRuns(segmentID: Int64, limit: Int = 50) throws -> [RefreshRunRecord] {
        try read { db in try db.refreshRuns(segmentID: segmentID, limit: limit) }
    }

    /// The latest runs of every segment, newest first.
    public func recentRefreshRuns(limit: Int = 50) throws -> [RefreshRunRecord] {
        try read { db in try db.recentRefreshRuns(limit: limit) }
    }

    /// The last successful run of a segment.
    public func lastSuccessfulRefreshRun(segmentID: Int64) throws -> RefreshRunRecord? {
        try read { db in try db.lastSuccessfulRefreshRun(segmentID: segmentID) }
    }

    /// Runs still queued or refreshing.
    public func unfinishedRefreshRuns() throws -> [RefreshRunRecord] {
        try read { db in try db.unfinishedRefreshRuns() }
    }

    /// The members of a segment at its last successful refresh.
    public func currentMembers(segmentID: Int64) throws -> MemberSet? {
        try read { db in try db.currentMembers(segmentID: segmentID) }
    }

    /// The members of a segment as a kept refresh left them.
    public func members(segmentID: Int64, refreshRunID: Int64) throws -> MemberSet {
        try read { db in try db.members(segmentID: segmentID, refreshRunID: refreshRunID) }
    }

    /// The kept memberships of a segment, newest first.
    public func memberships(segmentID: Int64) throws -> [MembershipRecord] {
        try read { db in try db.memberships(segmentID: segmentID) }
    }

    /// When a customer entered and left a segment.
    public func membershipHistory(customer: UInt32, segmentID: Int64) throws -> CustomerMembershipHistory {
        try read { db in try db.membershipHistory(customer: customer, segmentID: segmentID) }
    }

    /// The segments a customer is in now.
    public func segmentsContaining(customer: UInt32) throws -> [SegmentReference] {
        try read { db in try db.segmentsContaining(customer: customer) }
    }

    /// The history rows of a segment, oldest first.
    public func history(segmentID: Int64, from: Date? = nil, through: Date? = nil) throws -> [SegmentHistoryRecord] {
        try read { db in try db.history(segmentID: segmentID, from: from, through: through) }
    }

    /// The daily member-count trend of a segment; see
    /// ``Database/dailyMemberCounts(segmentID:from:through:timeZone:)``.
    public func dailyMemberCounts(segmentID: Int64, from: Date, through: Date, timeZone: TimeZone) throws -> [DailyMemberCount] {
        try read { db in try db.dailyMemberCounts(segmentID: segmentID, from: from, through: through, timeZone: timeZone) }
    }
}
