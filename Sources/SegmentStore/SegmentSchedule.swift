import Foundation
import Segments

/// When a dynamic or expansion segment refreshes, among the system's scheduled
/// refreshes (``RefreshSchedule``).
///
/// A segment never refreshes on its own clock: `weekly` and `monthly` pick the
/// system refreshes that fall on their days. Static segments refresh only by
/// hand, whatever their schedule says.
public enum SegmentSchedule: Sendable, Equatable, Codable {
    /// At every system refresh (the default).
    case everySystemRefresh
    /// At the system refreshes on these weekdays.
    case weekly(Set<Weekday>)
    /// At the system refreshes on these days of the month (1…31). A day the
    /// month does not have (31 in April, 29–31 in February) means the month's
    /// last day.
    case monthly(Set<Int>)

    /// Checks the days, and that weekly days are system refresh days.
    /// - Throws: ``ScheduleError`` naming the field.
    public func validate(against system: RefreshSchedule) throws {
        switch self {
        case .everySystemRefresh:
            return
        case .weekly(let days):
            guard !days.isEmpty else {
                throw ScheduleError(field: "weekdays", reason: "a weekly segment schedule needs at least one day")
            }
            if system.frequency == .weekly {
                let outside = days.filter { !system.runs(on: $0) }.sorted()
                guard outside.isEmpty else {
                    throw ScheduleError(
                        field: "weekdays",
                        reason: "\(outside.map(\.name).joined(separator: ", ")) "
                            + "\(outside.count == 1 ? "is not a system refresh day" : "are not system refresh days") "
                            + "(the system refreshes on \(system.weekdays.map(\.name).joined(separator: ", ")))"
                    )
                }
            }
        case .monthly(let days):
            guard !days.isEmpty else {
                throw ScheduleError(field: "days", reason: "a monthly segment schedule needs at least one day of the month")
            }
            let bad = days.filter { !(1...31).contains($0) }.sorted()
            guard bad.isEmpty else {
                throw ScheduleError(field: "days", reason: "days of the month are 1 to 31, got \(bad.map(String.init).joined(separator: ", "))")
            }
        }
    }

    private enum CodingKeys: String, CodingKey {
        case kind, weekdays, days
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "every-system-refresh":
            self = .everySystemRefresh
        case "weekly":
            self = .weekly(Set(try container.decode([Weekday].self, forKey: .weekdays)))
        case "monthly":
            self = .monthly(Set(try container.decode([Int].self, forKey: .days)))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container,
                debugDescription: "unknown segment schedule \"\(kind)\"; expected every-system-refresh, weekly or monthly"
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .everySystemRefresh:
            try container.encode("every-system-refresh", forKey: .kind)
        case .weekly(let days):
            try container.encode("weekly", forKey: .kind)
            try container.encode(days.sorted(), forKey: .weekdays)
        case .monthly(let days):
            try container.encode("monthly", forKey: .kind)
            try container.encode(days.sorted(), forKey: .days)
        }
    }
}
