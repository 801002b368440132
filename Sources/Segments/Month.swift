/// A month of the year, written by its English name (`january`) in both syntaxes.
public enum Month: Int, CaseIterable, Hashable, Sendable, Comparable {
    case january = 1, february, march, april, may, june
    case july, august, september, october, november, december

    /// The lowercase English name used in JSON and text.
    public var name: String {
        Month.names[rawValue - 1]
    }

    /// Reads a full name or a three-letter abbreviation, ignoring case.
    public init?(name: String) {
        let lowered = name.lowercased()
        guard let index = Month.names.firstIndex(where: { $0 == lowered || $0.prefix(3) == lowered && lowered.count == 3 })
        else { return nil }
        self.init(rawValue: index + 1)
    }

    public static func < (lhs: Month, rhs: Month) -> Bool { lhs.rawValue < rhs.rawValue }

    static let names = [
        "january", "february", "march", "april", "may", "june",
        "july", "august", "september", "october", "november", "december",
    ]
}

extension Month: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let month = Month(name: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\"\(text)\" is not a month (january … december)")
        }
        self = month
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
