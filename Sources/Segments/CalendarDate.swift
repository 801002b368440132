import CustomerData

/// A day of the proleptic Gregorian calendar, without a time or a time zone,
/// counted as days since 1970-01-01 like the snapshot's date columns.
///
/// The text form is ISO 8601 `yyyy-MM-dd` with a four-digit year (0001–9999).
public struct CalendarDate: Hashable, Comparable, Sendable {
    /// Days since 1970-01-01 (negative before it).
    public var daysSinceEpoch: Int

    /// Makes the date that is `daysSinceEpoch` days after 1970-01-01.
    public init(daysSinceEpoch: Int) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// Makes a date from its parts, or `nil` when the day does not exist in that month.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1,
              day <= CalendarDate.daysInMonth(year: year, month: month) else { return nil }
        daysSinceEpoch = CalendarDate.days(year: year, month: month, day: day)
    }

    /// Reads an ISO 8601 calendar date `yyyy-MM-dd`; `nil` when the text is not one
    /// or names a day that does not exist (`2023-02-29`).
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = CalendarDate.digits(bytes[0..<4]), year >= 1,
              let month = CalendarDate.digits(bytes[5..<7]),
              let day = CalendarDate.digits(bytes[8..<10]) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        lhs.daysSinceEpoch < rhs.daysSinceEpoch
    }

    /// The year, month (1–12) and day of month (1–31).
    ///
    /// Uses the civil-from-days algorithm of the proleptic Gregorian calendar.
    public var components: (year: Int, month: Int, day: Int) { CivilCalendar.date(ofDay: daysSinceEpoch) }

    public var year: Int { components.year }
    public var month: Month { Month(rawValue: components.month)! }
    public var day: Int { components.day }

    /// The day of the week (1970-01-01 was a Thursday).
    public var weekday: Weekday {
        let mondayBased = ((daysSinceEpoch + 3) % 7 + 7) % 7
        return Weekday(rawValue: mondayBased + 1)!
    }

    /// The ISO 8601 text `yyyy-MM-dd`.
    public var isoString: String {
        let (year, month, day) = components
        return CalendarDate.pad(year, 4) + "-" + CalendarDate.pad(month, 2) + "-" + CalendarDate.pad(day, 2)
    }

    /// Whether `year` has a February 29.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of days of `month` (1–12) in `year`.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The date `amount` units after this one (before it when `amount` is negative).
    ///
    /// Months and years keep the day of month, clamped to the last day of the
    /// target month: 2024-03-31 minus one month is 2024-02-29, 2024-02-29 plus
    /// one year is 2025-02-28.
    public func adding(_ amount: Int, _ unit: DurationUnit) -> CalendarDate {
        switch unit {
        case .days: return CalendarDate(daysSinceEpoch: daysSinceEpoch + amount)
        case .weeks: return CalendarDate(daysSinceEpoch: daysSinceEpoch + 7 * amount)
        case .months, .years:
            let months = unit == .months ? amount : 12 * amount
            let (year, month, day) = components
            let index = year * 12 + (month - 1) + months
            let newYear = index >= 0 ? index / 12 : (index - 11) / 12
            let newMonth = index - newYear * 12 + 1
            let newDay = min(day, CalendarDate.daysInMonth(year: newYear, month: newMonth))
            return CalendarDate(daysSinceEpoch: CalendarDate.days(year: newYear, month: newMonth, day: newDay))
        }
    }

    /// Adds a signed duration.
    public func adding(_ duration: RelativeDuration) -> CalendarDate {
        adding(duration.amount, duration.unit)
    }

    /// Subtracts a duration.
    public func subtracting(_ duration: RelativeDuration) -> CalendarDate {
        adding(-duration.amount, duration.unit)
    }

    /// January 1 of this date's year.
    public var startOfYear: CalendarDate {
        CalendarDate(daysSinceEpoch: CalendarDate.days(year: year, month: 1, day: 1))
    }

    // MARK: - Helpers

    /// Days since 1970-01-01 of a valid civil date.
    static func days(year: Int, month: Int, day: Int) -> Int {
        CivilCalendar.days(year: year, month: month, day: day)
    }

    static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(abs(value))
        let padded = String(repeating: "0", count: max(0, width - text.count)) + text
        return value < 0 ? "-" + padded : padded
    }
}

extension CalendarDate: CustomStringConvertible {
    public var description: String { isoString }
}

extension CalendarDate: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\"\(text)\" is not a date (yyyy-MM-dd)")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(isoString)
    }
}
