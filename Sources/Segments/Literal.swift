/// A typed value written in a condition.
///
/// JSON: a number is a JSON number, a text a JSON string, a date
/// `{"date": "2024-03-01"}` and a date and time `{"datetime": "2024-03-01T09:30:00Z"}`.
/// Text: `42`, `-1.5`, `"gold"`, `2024-03-01`, `2024-03-01T09:30:00Z`.
public enum Literal: Hashable, Sendable {
    /// A finite 64-bit float.
    case number(Double)
    /// A non-empty text; the empty text is not a value (write `is empty`).
    case text(String)
    case date(CalendarDate)
    case datetime(DateTimeLiteral)

    /// A short name of the value's type for messages: `number`, `text`, `date`, `datetime`.
    public var typeName: String {
        switch self {
        case .number: return "number"
        case .text: return "text"
        case .date: return "date"
        case .datetime: return "datetime"
        }
    }
}

extension Literal: Codable {
    private enum CodingKeys: String, CodingKey { case date, datetime }

    public init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: CodingKeys.self) {
            if keyed.contains(.date) {
                self = .date(try keyed.decode(CalendarDate.self, forKey: .date))
                return
            }
            if keyed.contains(.datetime) {
                self = .datetime(try keyed.decode(DateTimeLiteral.self, forKey: .datetime))
                return
            }
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath,
                debugDescription: "a value object needs \"date\" or \"datetime\""))
        }
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected a number, a text, {\"date\": …} or {\"datetime\": …}")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .number(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .text(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .date(let value):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(value, forKey: .date)
        case .datetime(let value):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(value, forKey: .datetime)
        }
    }
}
