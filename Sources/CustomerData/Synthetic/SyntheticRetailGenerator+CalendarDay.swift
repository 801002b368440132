extension SyntheticRetailGenerator {
    /// A proleptic Gregorian calendar day, such as 2025-12-31.
    public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
        public let year: Int
        public let month: Int
        public let day: Int

        /// Creates a day; the date must exist (programmer error otherwise).
        public init(year: Int, month: Int, day: Int) {
            precondition(
                (1...12).contains(month) && (1...CalendarDay.length(ofMonth: month, year: year)).contains(day),
                "SyntheticRetailGenerator.CalendarDay.init: \(year)-\(month)-\(day) is not a date")
            self.year = year
            self.month = month
            self.day = day
        }

        /// The day `daysSince1970` days after 1970-01-01.
        public init(daysSince1970 days: Int) {
            (year, month, day) = CivilCalendar.date(ofDay: days)
        }

        /// Days since 1970-01-01 (negative before it).
        public var daysSince1970: Int { CivilCalendar.days(year: year, month: month, day: day) }

        /// The ISO 8601 text, `2025-12-31`.
        public var description: String {
            let buffer = SyntheticByteBuffer(capacity: 16)
            buffer.reserve(16)
            buffer.appendISODate(year: year, month: month, day: day)
            return buffer.string()
        }

        public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
            (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
        }

        /// The number of days in a month of the Gregorian calendar.
        static func length(ofMonth month: Int, year: Int) -> Int {
            switch month {
            case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
            case 4, 6, 9, 11: return 30
            default: return 31
            }
        }

        /// The weekday of a day counted from 1970-01-01: 0 = Monday … 6 = Sunday.
        static func weekday(daysSince1970 days: Int) -> Int {
            ((days + 3) % 7 + 7) % 7
        }
    }
}
