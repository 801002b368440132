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
            // Civil-from-days over 400-year eras, counting years from March so
            // that the leap day is the last day of the counted year.
            let shifted = days + 719_468
            let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
            let dayOfEra = shifted - era * 146_097
            let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
            let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            let monthFromMarch = (5 * dayOfYear + 2) / 153
            let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
            let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
            self.year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
            self.month = month
            self.day = day
        }

        /// Days since 1970-01-01 (negative before it).
        public var daysSince1970: Int {
            let year = month <= 2 ? self.year - 1 : self.year
            let era = (year >= 0 ? year : year - 399) / 400
            let yearOfEra = year - era * 400
            let monthFromMarch = (month + 9) % 12
            let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
            let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
            return era * 146_097 + dayOfEra - 719_468
        }

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
