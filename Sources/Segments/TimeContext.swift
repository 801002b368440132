import Foundation

/// The instant a definition is evaluated at and the workspace time zone: the
/// one definition of time both engines (in-process and SQL) share.
///
/// Date columns hold days since 1970-01-01; datetime columns hold milliseconds
/// since 1970-01-01T00:00:00Z. "Today" is the calendar date of `asOf` in the
/// workspace zone.
public struct TimeContext: Sendable, Hashable {
    /// The evaluation instant, in milliseconds since 1970-01-01T00:00:00Z.
    public let asOfMilliseconds: Int64
    /// The workspace time zone.
    public let timeZone: TimeZone
    /// The calendar date of `asOf` in the workspace zone.
    public let today: CalendarDate

    public init(asOfMilliseconds: Int64, timeZone: TimeZone) {
        self.asOfMilliseconds = asOfMilliseconds
        self.timeZone = timeZone
        self.today = TimeContext.calendarDate(atMilliseconds: asOfMilliseconds, in: timeZone)
    }

    /// A context at `asOf` (default: now), truncated to whole milliseconds.
    public init(asOf: Date = Date(), timeZone: TimeZone) {
        self.init(asOfMilliseconds: Int64((asOf.timeIntervalSince1970 * 1000).rounded(.down)), timeZone: timeZone)
    }

    // MARK: - Instants and days

    /// The zone's offset from UTC at an instant, in seconds.
    public func utcOffsetSeconds(atMilliseconds milliseconds: Int64) -> Int {
        TimeContext.offset(atMilliseconds: milliseconds, in: timeZone)
    }

    /// The calendar date of an instant on the workspace wall clock.
    public func calendarDate(atMilliseconds milliseconds: Int64) -> CalendarDate {
        TimeContext.calendarDate(atMilliseconds: milliseconds, in: timeZone)
    }

    /// The first instant of a calendar day in the workspace zone (usually local
    /// midnight; the first instant after the gap when midnight is skipped).
    public func startOfDay(_ date: CalendarDate) -> Int64 {
        instant(ofLocal: date, millisecondOfDay: 0)
    }

    /// The instant a written date and time stands for: by its offset, or on the
    /// workspace wall clock when it has none.
    public func instant(of value: DateTimeLiteral) -> Int64 {
        value.millisecondsSinceEpoch ?? instant(ofLocal: value.date, millisecondOfDay: value.millisecondOfDay)
    }

    /// The instant of a wall-clock time in the workspace zone.
    ///
    /// A time that occurs twice (the hour repeated when clocks go back) means
    /// the earlier instant; a time that does not occur (the hour skipped when
    /// clocks go forward) moves forward by the length of the gap, so 02:30 on a
    /// spring-forward night in Berlin is 03:30 CEST.
    public func instant(ofLocal date: CalendarDate, millisecondOfDay: Int) -> Int64 {
        let local = Int64(date.daysSinceEpoch) * 86_400_000 + Int64(millisecondOfDay)
        let dayMilliseconds: Int64 = 86_400_000
        let before = Int64(utcOffsetSeconds(atMilliseconds: local - dayMilliseconds)) * 1000
        let after = Int64(utcOffsetSeconds(atMilliseconds: local + dayMilliseconds)) * 1000
        var valid: [Int64] = []
        for offset in Set([before, after]) {
            let candidate = local - offset
            if Int64(utcOffsetSeconds(atMilliseconds: candidate)) * 1000 == offset { valid.append(candidate) }
        }
        if let earliest = valid.min() { return earliest }
        return local - before
    }

    /// The same wall-clock time `amount` units away from `asOf` (negative: earlier),
    /// with months and years clamped to the month's last day.
    public func shiftedAsOf(by amount: Int, _ unit: DurationUnit) -> Int64 {
        let offset = Int64(utcOffsetSeconds(atMilliseconds: asOfMilliseconds)) * 1000
        let local = asOfMilliseconds + offset
        let localDay = TimeContext.floorDivide(local, 86_400_000)
        let millisecondOfDay = Int(local - localDay * 86_400_000)
        let shifted = CalendarDate(daysSinceEpoch: Int(localDay)).adding(amount, unit)
        return instant(ofLocal: shifted, millisecondOfDay: millisecondOfDay)
    }

    static func offset(atMilliseconds milliseconds: Int64, in timeZone: TimeZone) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(floorDivide(milliseconds, 1000))))
    }

    static func calendarDate(atMilliseconds milliseconds: Int64, in timeZone: TimeZone) -> CalendarDate {
        let local = milliseconds + Int64(offset(atMilliseconds: milliseconds, in: timeZone)) * 1000
        return CalendarDate(daysSinceEpoch: Int(floorDivide(local, 86_400_000)))
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }
}
