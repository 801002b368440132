import Segments

/// The time period of an activity suggestion run. Every period ends at the run's `asOf`.
///
/// JSON: `{"kind": "last_month"}`, `{"kind": "last_year"}`, `{"kind": "all_time"}`,
/// `{"kind": "custom", "from": "2024-01-01", "to": "2024-06-30"}`.
public enum ActivityPeriod: Hashable, Sendable {
    case lastMonth
    case lastYear
    case allTime
    /// Both days included.
    case custom(from: CalendarDate, to: CalendarDate)

    /// The window in the segment language, so accepted suggestions re-evaluate on refresh.
    public var window: ActivityWindow {
        switch self {
        case .lastMonth: return .last(RelativeDuration(1, .months))
        case .lastYear: return .last(RelativeDuration(1, .years))
        case .allTime: return .allTime
        case .custom(let from, let to): return .between(from, to)
        }
    }
}

extension ActivityPeriod: Codable {
    private enum CodingKeys: String, CodingKey { case kind, from, to }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "last_month": self = .lastMonth
        case "last_year": self = .lastYear
        case "all_time": self = .allTime
        case "custom": self = .custom(from: try c.decode(CalendarDate.self, forKey: .from), to: try c.decode(CalendarDate.self, forKey: .to))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: c, debugDescription: "unknown period \"\(other)\"; expected last_month, last_year, all_time or custom")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .lastMonth: try c.encode("last_month", forKey: .kind)
        case .lastYear: try c.encode("last_year", forKey: .kind)
        case .allTime: try c.encode("all_time", forKey: .kind)
        case .custom(let from, let to):
            try c.encode("custom", forKey: .kind)
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
        }
    }
}
