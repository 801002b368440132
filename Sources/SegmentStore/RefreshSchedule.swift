import Foundation
import Segments

/// The workspace's system refresh schedule: off, daily, or weekly on chosen
/// days, at up to four wall-clock times a day in the workspace time zone.
///
/// Per-segment schedules (``SegmentSchedule``) pick among these refreshes.
/// The arithmetic (next runs, what is due, daylight-saving changes) is in
/// `RefreshSchedule+Arithmetic.swift`.
///
/// ```swift
/// let schedule = try RefreshSchedule.weekly(on: [.monday, .thursday], at: ["06:00", "18:30"])
/// let next = schedule.nextRuns(after: .now, timeZone: berlin, count: 3)
/// ```
public struct RefreshSchedule: Sendable, Equatable, Codable {
    /// How often the system refreshes.
    public enum Frequency: String, Sendable, Equatable, Codable, CaseIterable {
        /// Never on its own (the default): segments refresh only by hand.
        case off
        /// Every day.
        case daily
        /// On the chosen weekdays.
        case weekly
    }

    /// The most times a day the system refreshes.
    public static let maximumTimesPerDay = 4

    /// How often the system refreshes.
    public private(set) var frequency: Frequency
    /// The refresh days of a weekly schedule, Monday first; empty otherwise.
    public private(set) var weekdays: [Weekday]
    /// The refresh times of each refresh day, earliest first; empty when off.
    public private(set) var times: [TimeOfDay]

    /// No scheduled refreshes (the default).
    public static let off = RefreshSchedule(uncheckedFrequency: .off, weekdays: [], times: [])

    /// Every day at `times`.
    /// - Throws: ``ScheduleError`` for no times, more than four, or repeats.
    public static func daily(at times: [TimeOfDay]) throws -> RefreshSchedule {
        try RefreshSchedule(frequency: .daily, weekdays: [], times: times)
    }

    /// On `weekdays` at `times`.
    /// - Throws: ``ScheduleError`` for no days, no times, more than four
    ///   times, or repeats.
    public static func weekly(on weekdays: [Weekday], at times: [TimeOfDay]) throws -> RefreshSchedule {
        try RefreshSchedule(frequency: .weekly, weekdays: weekdays, times: times)
    }

    /// Creates a schedule after checking it.
    /// - Throws: ``ScheduleError`` naming the field at fault.
    public init(frequency: Frequency, weekdays: [Weekday], times: [TimeOfDay]) throws {
        switch frequency {
        case .off:
            guard weekdays.isEmpty, times.isEmpty else {
                throw ScheduleError(field: "frequency", reason: "an \"off\" schedule has no days or times")
            }
        case .daily:
            guard weekdays.isEmpty else {
                throw ScheduleError(field: "weekdays", reason: "a daily schedule runs every day; use weekly to choose days")
            }
        case .weekly:
            guard !weekdays.isEmpty else {
                throw ScheduleError(field: "weekdays", reason: "a weekly schedule needs at least one day")
            }
            guard Set(weekdays).count == weekdays.count else {
                throw ScheduleError(field: "weekdays", reason: "a day is listed twice")
            }
        }
        if frequency != .off {
            guard !times.isEmpty else {
                throw ScheduleError(field: "times", reason: "at least one time of day (HH:mm) is needed")
            }
            guard times.count <= Self.maximumTimesPerDay else {
                throw ScheduleError(field: "times", reason: "at most \(Self.maximumTimesPerDay) times a day, got \(times.count)")
            }
            guard Set(times).count == times.count else {
                throw ScheduleError(field: "times", reason: "a time is listed twice")
            }
        }
        self.init(uncheckedFrequency: frequency, weekdays: weekdays, times: times)
    }

    private init(uncheckedFrequency frequency: Frequency, weekdays: [Weekday], times: [TimeOfDay]) {
        self.frequency = frequency
        self.weekdays = weekdays.sorted()
        self.times = times.sorted()
    }

    /// Whether the system refreshes on `weekday` (false when off).
    public func runs(on weekday: Weekday) -> Bool {
        switch frequency {
        case .off: false
        case .daily: true
        case .weekly: weekdays.contains(weekday)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case frequency, weekdays, times
    }

    /// Decodes and checks a schedule.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            frequency: try container.decode(Frequency.self, forKey: .frequency),
            weekdays: try container.decodeIfPresent([Weekday].self, forKey: .weekdays) ?? [],
            times: try container.decodeIfPresent([TimeOfDay].self, forKey: .times) ?? []
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(frequency, forKey: .frequency)
        try container.encode(weekdays, forKey: .weekdays)
        try container.encode(times, forKey: .times)
    }
}
