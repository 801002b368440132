// Date tests and activity windows resolved to concrete ranges. Ranges are
// inclusive, ascending and disjoint; an empty array matches nothing; an open
// end is `Int.min`/`Int.max` (days) or `Int64.min`/`Int64.max` (milliseconds).
extension TimeContext {
    /// The days a date column's value must fall in for `test` to hold, or `nil`
    /// when the test is not a range of days (`month in`, `day of week in`,
    /// `anniversary within next`, the empty tests and the non-date tests).
    ///
    /// Precondition: the test validated for a date column (date values only).
    public func dayRanges(for test: ValueTest) -> [ClosedRange<Int>]? {
        let today = self.today.daysSinceEpoch
        func day(_ value: Literal) -> Int {
            guard case .date(let date) = value else {
                preconditionFailure("TimeContext.dayRanges(for:): \(value.text) is not a date; validate first")
            }
            return date.daysSinceEpoch
        }
        switch test {
        case .before(let value): return TimeContext.ranges(Int.min, day(value) - 1)
        case .after(let value): return TimeContext.ranges(day(value) + 1, Int.max)
        case .on(let value): return TimeContext.ranges(day(value), day(value))
        case .between(let low, let high): return TimeContext.ranges(day(low), day(high))
        case .withinLast(let duration):
            return TimeContext.ranges(self.today.subtracting(duration).daysSinceEpoch, today)
        case .notWithinLast(let duration):
            let start = self.today.subtracting(duration).daysSinceEpoch
            return TimeContext.ranges(Int.min, start - 1) + TimeContext.ranges(today + 1, Int.max)
        case .withinNext(let duration):
            return TimeContext.ranges(today, self.today.adding(duration).daysSinceEpoch)
        case .yearToDate:
            return TimeContext.ranges(self.today.startOfYear.daysSinceEpoch, today)
        default:
            return nil
        }
    }

    /// The instants (milliseconds) a datetime column's value must fall in for
    /// `test` to hold, or `nil` when the test is not a range of instants.
    ///
    /// A date operand stands for its whole day in the workspace zone: `before D`
    /// is before D's first instant, `after D` from the next day's first instant,
    /// `between D1 and D2` through the last instant of D2.
    public func instantRanges(for test: ValueTest) -> [ClosedRange<Int64>]? {
        let now = asOfMilliseconds
        func start(_ value: Literal) -> Int64 {
            switch value {
            case .date(let date): return startOfDay(date)
            case .datetime(let datetime): return instant(of: datetime)
            default: preconditionFailure("TimeContext.instantRanges(for:): \(value.text) is not a date; validate first")
            }
        }
        func end(_ value: Literal) -> Int64 {
            switch value {
            case .date(let date): return startOfDay(date.adding(1, .days)) - 1
            case .datetime(let datetime): return instant(of: datetime)
            default: preconditionFailure("TimeContext.instantRanges(for:): \(value.text) is not a date; validate first")
            }
        }
        switch test {
        case .before(let value): return TimeContext.ranges(Int64.min, start(value) - 1)
        case .after(let value): return TimeContext.ranges(end(value) + 1, Int64.max)
        case .on(let value): return TimeContext.ranges(start(value), end(value))
        case .between(let low, let high): return TimeContext.ranges(start(low), end(high))
        case .withinLast(let duration):
            return TimeContext.ranges(shiftedAsOf(by: -duration.amount, duration.unit), now)
        case .notWithinLast(let duration):
            let windowStart = shiftedAsOf(by: -duration.amount, duration.unit)
            return TimeContext.ranges(Int64.min, windowStart - 1) + TimeContext.ranges(now + 1, Int64.max)
        case .withinNext(let duration):
            return TimeContext.ranges(now, shiftedAsOf(by: duration.amount, duration.unit))
        case .yearToDate:
            return TimeContext.ranges(startOfDay(today.startOfYear), now)
        default:
            return nil
        }
    }

    /// The days an activity with a date timestamp must fall in to count.
    /// Every window ends today.
    public func dayRanges(for window: ActivityWindow) -> [ClosedRange<Int>] {
        let today = self.today.daysSinceEpoch
        switch window {
        case .allTime: return TimeContext.ranges(Int.min, today)
        case .last(let duration): return TimeContext.ranges(self.today.subtracting(duration).daysSinceEpoch, today)
        case .between(let from, let to): return TimeContext.ranges(from.daysSinceEpoch, min(to.daysSinceEpoch, today))
        case .yearToDate: return TimeContext.ranges(self.today.startOfYear.daysSinceEpoch, today)
        }
    }

    /// The instants an activity with a datetime timestamp must fall in to count.
    /// Every window ends at `asOf`.
    public func instantRanges(for window: ActivityWindow) -> [ClosedRange<Int64>] {
        let now = asOfMilliseconds
        switch window {
        case .allTime: return TimeContext.ranges(Int64.min, now)
        case .last(let duration): return TimeContext.ranges(shiftedAsOf(by: -duration.amount, duration.unit), now)
        case .between(let from, let to):
            return TimeContext.ranges(startOfDay(from), min(startOfDay(to.adding(1, .days)) - 1, now))
        case .yearToDate: return TimeContext.ranges(startOfDay(today.startOfYear), now)
        }
    }

    /// The month-and-day pairs (`month * 100 + day`, 1231 for December 31)
    /// whose anniversary falls within today and the next `days` days.
    ///
    /// February 29 counts on February 28 in years without one.
    public func anniversaryMonthDays(withinNextDays days: Int) -> Set<Int> {
        var result = Set<Int>()
        for offset in 0...max(0, min(days, 366)) {
            let (year, month, day) = today.adding(offset, .days).components
            result.insert(month * 100 + day)
            if month == 2, day == 28, !CalendarDate.isLeapYear(year) { result.insert(229) }
        }
        return result
    }

    /// Whether `date`'s anniversary falls within today and the next `days` days.
    public func isAnniversary(of date: CalendarDate, withinNextDays days: Int) -> Bool {
        let (_, month, day) = date.components
        return anniversaryMonthDays(withinNextDays: days).contains(month * 100 + day)
    }

    static func ranges<T: Comparable>(_ low: T, _ high: T) -> [ClosedRange<T>] {
        low <= high ? [low...high] : []
    }
}
