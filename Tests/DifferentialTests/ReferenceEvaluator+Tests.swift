import CustomerData
import Segments

// Value tests as the language states them: `is empty` holds on an empty
// value, every other test is false on one.
extension ReferenceEvaluator {
    func passes(_ test: ValueTest, _ value: Value?, ignoreCase: Bool) -> Bool {
        switch test {
        case .isEmpty: return value == nil
        case .isNotEmpty: return value != nil
        default: break
        }
        guard let value else { return false }
        switch value {
        case .number(let number): return passes(test, number: number)
        case .text(let bytes): return passes(test, text: bytes, ignoreCase: ignoreCase)
        case .boolean(let flag):
            if case .isTrue = test { return flag }
            if case .isFalse = test { return !flag }
            preconditionFailure("\(test) on a boolean")
        case .day(let day): return passes(test, day: day)
        case .instant(let instant): return passes(test, instant: instant)
        }
    }

    func passes(_ test: ValueTest, number: Double) -> Bool {
        func n(_ literal: Literal) -> Double {
            guard case .number(let value) = literal else { preconditionFailure("\(literal) is not a number") }
            return value
        }
        switch test {
        case .equals(let a): return number == n(a)
        case .notEquals(let a): return number != n(a)
        case .lessThan(let a): return number < n(a)
        case .lessThanOrEqual(let a): return number <= n(a)
        case .greaterThan(let a): return number > n(a)
        case .greaterThanOrEqual(let a): return number >= n(a)
        case .between(let low, let high): return n(low) <= number && number <= n(high)
        case .isIn(let values): return values.contains { n($0) == number }
        case .notIn(let values): return !values.contains { n($0) == number }
        default: preconditionFailure("\(test) on a number")
        }
    }

    func passes(_ test: ValueTest, text: [UInt8], ignoreCase: Bool) -> Bool {
        func fold(_ bytes: [UInt8]) -> [UInt8] {
            ignoreCase ? Array(String(decoding: bytes, as: UTF8.self).lowercased().utf8) : bytes
        }
        func t(_ literal: Literal) -> [UInt8] {
            guard case .text(let value) = literal else { preconditionFailure("\(literal) is not a text") }
            return fold(Array(value.utf8))
        }
        let value = fold(text)
        switch test {
        case .equals(let a): return value == t(a)
        case .notEquals(let a): return value != t(a)
        case .isIn(let values): return values.contains { t($0) == value }
        case .notIn(let values): return !values.contains { t($0) == value }
        case .contains(let needle): return ReferenceEvaluator.bytes(value, contain: t(.text(needle)))
        case .startsWith(let prefix): return value.starts(with: t(.text(prefix)))
        case .endsWith(let suffix): return value.reversed().starts(with: t(.text(suffix)).reversed())
        default: preconditionFailure("\(test) on a text")
        }
    }

    static func bytes(_ haystack: [UInt8], contain needle: [UInt8]) -> Bool {
        if needle.isEmpty { return true }
        if needle.count > haystack.count { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }

    /// Date tests on a day number; "today" is the calendar date of `asOf` in the zone.
    func passes(_ test: ValueTest, day: Int) -> Bool {
        func d(_ literal: Literal) -> Int {
            guard case .date(let value) = literal else { preconditionFailure("\(literal) is not a date") }
            return value.daysSinceEpoch
        }
        let today = time.today
        switch test {
        case .before(let a): return day < d(a)
        case .after(let a): return day > d(a)
        case .on(let a): return day == d(a)
        case .between(let low, let high): return d(low) <= day && day <= d(high)
        case .withinLast(let duration):
            return today.subtracting(duration).daysSinceEpoch <= day && day <= today.daysSinceEpoch
        case .notWithinLast(let duration):
            return day < today.subtracting(duration).daysSinceEpoch || day > today.daysSinceEpoch
        case .withinNext(let duration):
            return today.daysSinceEpoch <= day && day <= today.adding(duration).daysSinceEpoch
        case .yearToDate:
            return today.startOfYear.daysSinceEpoch <= day && day <= today.daysSinceEpoch
        default:
            return passesCalendarTest(test, date: CalendarDate(daysSinceEpoch: day))
        }
    }

    /// Datetime tests on an instant: a date operand stands for its whole day in the zone.
    func passes(_ test: ValueTest, instant: Int64) -> Bool {
        func start(_ literal: Literal) -> Int64 {
            switch literal {
            case .date(let date): return time.startOfDay(date)
            case .datetime(let value): return time.instant(of: value)
            default: preconditionFailure("\(literal) is not a date")
            }
        }
        /// The first instant after the operand: the next day's start, or the instant plus 1 ms.
        func after(_ literal: Literal) -> Int64 {
            switch literal {
            case .date(let date): return time.startOfDay(date.adding(1, .days))
            case .datetime(let value): return time.instant(of: value) + 1
            default: preconditionFailure("\(literal) is not a date")
            }
        }
        let now = time.asOfMilliseconds
        switch test {
        case .before(let a): return instant < start(a)
        case .after(let a): return instant >= after(a)
        case .on(let a): return start(a) <= instant && instant < after(a)
        case .between(let low, let high): return start(low) <= instant && instant < after(high)
        case .withinLast(let duration):
            return time.shiftedAsOf(by: -duration.amount, duration.unit) <= instant && instant <= now
        case .notWithinLast(let duration):
            return instant < time.shiftedAsOf(by: -duration.amount, duration.unit) || instant > now
        case .withinNext(let duration):
            return now <= instant && instant <= time.shiftedAsOf(by: duration.amount, duration.unit)
        case .yearToDate:
            return time.startOfDay(time.today.startOfYear) <= instant && instant <= now
        default:
            return passesCalendarTest(test, date: time.calendarDate(atMilliseconds: instant))
        }
    }

    /// Month, weekday and anniversary tests on a calendar date.
    func passesCalendarTest(_ test: ValueTest, date: CalendarDate) -> Bool {
        switch test {
        case .monthIn(let months): return months.contains(date.month)
        case .dayOfWeekIn(let weekdays): return weekdays.contains(date.weekday)
        case .anniversaryWithinNext(let days):
            // Walk the days from today; February 29 counts on February 28 in other years.
            let (_, month, day) = date.components
            for offset in 0...days {
                let candidate = time.today.adding(offset, .days)
                let (year, candidateMonth, candidateDay) = candidate.components
                if candidateMonth == month && candidateDay == day { return true }
                if month == 2, day == 29, candidateMonth == 2, candidateDay == 28, !CalendarDate.isLeapYear(year) {
                    return true
                }
            }
            return false
        default:
            preconditionFailure("\(test) on a date")
        }
    }
}
