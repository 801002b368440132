/// A date and time of day written in a definition (`2024-03-01T09:30:00Z`),
/// with a UTC offset or, without one, in the workspace time zone.
///
/// The text form is ISO 8601: `yyyy-MM-ddTHH:mm[:ss[.SSS]]` followed by `Z`,
/// `±HH:MM` or nothing. The printed form always has seconds, milliseconds only
/// when they are not zero, and `Z` for a zero offset.
public struct DateTimeLiteral: Hashable, Sendable {
    /// The calendar date on the local wall clock.
    public var date: CalendarDate
    /// Milliseconds since local midnight, `0..<86_400_000`.
    public var millisecondOfDay: Int
    /// Seconds east of UTC, or `nil` for the workspace time zone.
    public var utcOffsetSeconds: Int?

    /// Makes a date and time; the time and offset must be in range.
    public init(date: CalendarDate, millisecondOfDay: Int, utcOffsetSeconds: Int?) {
        precondition((0..<86_400_000).contains(millisecondOfDay),
                     "DateTimeLiteral.init: millisecondOfDay \(millisecondOfDay) out of range")
        precondition(utcOffsetSeconds.map { abs($0) <= 18 * 3600 && $0 % 60 == 0 } ?? true,
                     "DateTimeLiteral.init: offset must be whole minutes within ±18:00")
        self.date = date
        self.millisecondOfDay = millisecondOfDay
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// Reads an ISO 8601 date and time; `nil` when the text is not one.
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 16, let date = CalendarDate(iso: String(decoding: bytes[0..<10], as: UTF8.self)),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
              bytes[13] == UInt8(ascii: ":"),
              let hour = CalendarDate.digits(bytes[11..<13]), hour < 24,
              let minute = CalendarDate.digits(bytes[14..<16]), minute < 60 else { return nil }
        var index = 16
        var second = 0
        var millisecond = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            guard index + 3 <= bytes.count, let value = CalendarDate.digits(bytes[(index + 1)..<(index + 3)]),
                  value < 60 else { return nil }
            second = value
            index += 3
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                var digitCount = 0
                index += 1
                while index < bytes.count, let digit = CalendarDate.digits(bytes[index..<(index + 1)]) {
                    guard digitCount < 3 else { return nil }
                    millisecond = millisecond * 10 + digit
                    digitCount += 1
                    index += 1
                }
                guard digitCount > 0 else { return nil }
                for _ in digitCount..<3 { millisecond *= 10 }
            }
        }
        var offset: Int?
        if index < bytes.count {
            let sign = bytes[index]
            if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
                offset = 0
                index += 1
            } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                guard index + 6 == bytes.count, bytes[index + 3] == UInt8(ascii: ":"),
                      let hours = CalendarDate.digits(bytes[(index + 1)..<(index + 3)]),
                      let minutes = CalendarDate.digits(bytes[(index + 4)..<(index + 6)]),
                      minutes < 60, hours * 60 + minutes <= 18 * 60 else { return nil }
                let magnitude = (hours * 60 + minutes) * 60
                offset = sign == UInt8(ascii: "-") ? -magnitude : magnitude
                index += 6
            } else {
                return nil
            }
        }
        guard index == bytes.count else { return nil }
        self.init(
            date: date,
            millisecondOfDay: ((hour * 60 + minute) * 60 + second) * 1000 + millisecond,
            utcOffsetSeconds: offset)
    }

    /// The canonical ISO 8601 text.
    public var isoString: String {
        let seconds = millisecondOfDay / 1000
        var text = date.isoString + "T" + CalendarDate.pad(seconds / 3600, 2) + ":"
            + CalendarDate.pad(seconds / 60 % 60, 2) + ":" + CalendarDate.pad(seconds % 60, 2)
        if millisecondOfDay % 1000 != 0 {
            text += "." + CalendarDate.pad(millisecondOfDay % 1000, 3)
        }
        if let offset = utcOffsetSeconds {
            if offset == 0 {
                text += "Z"
            } else {
                let minutes = abs(offset) / 60
                text += (offset < 0 ? "-" : "+") + CalendarDate.pad(minutes / 60, 2) + ":"
                    + CalendarDate.pad(minutes % 60, 2)
            }
        }
        return text
    }

    /// The instant in milliseconds since 1970-01-01T00:00:00Z, when the offset is known.
    public var millisecondsSinceEpoch: Int64? {
        guard let offset = utcOffsetSeconds else { return nil }
        return Int64(date.daysSinceEpoch) * 86_400_000 + Int64(millisecondOfDay) - Int64(offset) * 1000
    }
}

extension DateTimeLiteral: CustomStringConvertible {
    public var description: String { isoString }
}

extension DateTimeLiteral: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = DateTimeLiteral(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "\"\(text)\" is not a date and time (yyyy-MM-ddTHH:mm:ss with Z, ±HH:MM or nothing)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(isoString)
    }
}
