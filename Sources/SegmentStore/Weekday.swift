/// A day of the week, spelled in English in JSON and on the command line.
public enum Weekday: String, Sendable, Equatable, Hashable, Codable, CaseIterable, Comparable {
    case sunday, monday, tuesday, wednesday, thursday, friday, saturday

    /// The Gregorian calendar's number for the day: 1 = Sunday … 7 = Saturday.
    public var calendarValue: Int {
        Self.allCases.firstIndex(of: self)! + 1
    }

    /// The day with Gregorian calendar number `value` (1 = Sunday).
    /// - Precondition: `value` is in 1...7.
    public init(calendarValue value: Int) {
        precondition((1...7).contains(value), "Weekday.init(calendarValue:): \(value) is not in 1...7")
        self = Self.allCases[value - 1]
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool {
        lhs.calendarValue < rhs.calendarValue
    }
}
