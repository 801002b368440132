/// A day of the week, Monday first (ISO 8601), written by its English name.
public enum Weekday: Int, CaseIterable, Hashable, Sendable, Comparable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    /// The lowercase English name used in JSON and text.
    public var name: String {
        Weekday.names[rawValue - 1]
    }

    /// Reads a full name or a three-letter abbreviation, ignoring case.
    public init?(name: String) {
        let lowered = name.lowercased()
        guard let index = Weekday.names.firstIndex(where: { $0 == lowered || $0.prefix(3) == lowered && lowered.count == 3 })
        else { return nil }
        self.init(rawValue: index + 1)
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }

    static let names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
}

extension Weekday: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let weekday = Weekday(name: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\"\(text)\" is not a day of the week (monday … sunday)")
        }
        self = weekday
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
