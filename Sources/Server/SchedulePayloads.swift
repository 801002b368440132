import Foundation
import SegmentStore
import Workspace

// The bodies of the schedule routes. Each has a schema of the same name in `OpenAPISchemas+Schedules`.

/// The body of `PUT /api/schedules/system`.
struct SystemScheduleRequest: Decodable, Sendable {
    /// `off`, `daily` or `weekly`.
    var frequency: String
    /// Weekly: the days (`monday` or `mon`).
    var weekdays: [String]?
    /// The times of day, `HH:mm` in the workspace time zone (at most 4).
    var times: [String]?
}

/// The body of `PUT /api/segments/{name}/schedule`.
struct SegmentScheduleRequest: Decodable, Sendable {
    /// `every-system-refresh`, `weekly` or `monthly`.
    var kind: String
    /// Weekly: the days, which must be system refresh days.
    var weekdays: [String]?
    /// Monthly: days of the month, 1–31 (a day the month lacks means its last day).
    var days: [Int]?
}

/// One segment's schedule with its next refreshes.
struct SegmentScheduleInfo: Encodable, Sendable {
    var segment: String
    var type: String
    var state: String
    var schedule: SegmentSchedule
    /// Whether scheduled refreshes include it: dynamic or expansion, active, and the system schedule on.
    var isScheduled: Bool
    /// The next scheduled refreshes (up to 3), empty when none come.
    var nextRefreshes: [Date]
}

/// `GET /api/schedules`: the system schedule and every segment's.
struct ScheduleList: Encodable, Sendable {
    var system: ScheduleSummary
    var segments: [SegmentScheduleInfo]
}
