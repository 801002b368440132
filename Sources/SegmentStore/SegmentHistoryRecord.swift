import Foundation

/// One successful refresh in a segment's history: the member-count trend
/// comes from these rows, which outlive the memberships.
public struct SegmentHistoryRecord: Sendable, Equatable, Codable {
    /// The segment.
    public var segmentID: Int64
    /// The run that produced it; nil once the run record is gone.
    public var refreshRunID: Int64?
    /// The instant the membership was evaluated as of.
    public var effectiveAt: Date
    /// Members after the refresh.
    public var memberCount: Int
    /// Customers who entered at this refresh.
    public var enteredCount: Int
    /// Customers who left at this refresh.
    public var exitedCount: Int
}

/// One point of a daily member-count trend: the last refresh of a local day.
public struct DailyMemberCount: Sendable, Equatable, Codable {
    /// The day, as `yyyy-MM-dd` in the time zone asked for.
    public var day: String
    /// The start of that day in the time zone asked for.
    public var dayStart: Date
    /// The member count of the day's last refresh.
    public var memberCount: Int
    /// Customers who entered, summed over the day's refreshes.
    public var enteredCount: Int
    /// Customers who left, summed over the day's refreshes.
    public var exitedCount: Int
    /// The number of refreshes that day.
    public var refreshCount: Int
}
