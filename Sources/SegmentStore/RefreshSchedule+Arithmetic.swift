import Foundation
import Segments

// When scheduled refreshes happen.
//
// Times are wall-clock times in the workspace time zone, so a 06:00 refresh
// stays at 06:00 local across daylight-saving changes. Two cases need a rule:
//
// - A time the clock skips (02:30 on the spring-forward night in Berlin) runs
//   as many minutes later as the clock jumped: 03:30 local, which is the
//   instant 02:30 would be on the old offset. Two times that land on the same
//   instant run once.
// - A time the clock passes twice (02:30 on the fall-back night) runs once, at
//   its first occurrence (the summer-time one).
extension RefreshSchedule {
    /// The next `count` refresh instants strictly after `date`, earliest first;
    /// for `segment`, only the system refreshes on its days. Empty when the
    /// schedule is off or the segment's days never meet a refresh day (looked
    /// for within eight years).
    /// - Precondition: `count` is not negative.
    public func nextRuns(
        after date: Date,
        timeZone: TimeZone,
        count: Int,
        for segment: SegmentSchedule = .everySystemRefresh
    ) -> [Date] {
        precondition(count >= 0, "RefreshSchedule.nextRuns(after:timeZone:count:for:): negative count \(count)")
        var runs: [Date] = []
        walkRuns(after: date, timeZone: timeZone, for: segment) { instant in
            runs.append(instant)
            return runs.count < count
        }
        return runs
    }

    /// The refresh instants in `(start, end]`, earliest first; for `segment`,
    /// only the system refreshes on its days.
    public func runs(
        after start: Date,
        through end: Date,
        timeZone: TimeZone,
        for segment: SegmentSchedule = .everySystemRefresh
    ) -> [Date] {
        var runs: [Date] = []
        guard start < end else { return runs }
        walkRuns(after: start, timeZone: timeZone, for: segment) { instant in
            guard instant <= end else { return false }
            runs.append(instant)
            return true
        }
        return runs
    }

    /// Whether a refresh falls in `(lastHandled, now]`: something became due
    /// since the scheduler last handled the schedule.
    public func isDue(
        since lastHandled: Date,
        at now: Date,
        timeZone: TimeZone,
        for segment: SegmentSchedule = .everySystemRefresh
    ) -> Bool {
        guard let next = nextRuns(after: lastHandled, timeZone: timeZone, count: 1, for: segment).first else {
            return false
        }
        return next <= now
    }

    // MARK: - Walking the calendar

    /// Calls `visit` with each refresh instant after `date` in order until it
    /// returns false or eight years of days have been looked at.
    private func walkRuns(
        after date: Date,
        timeZone: TimeZone,
        for segment: SegmentSchedule,
        _ visit: (Date) -> Bool
    ) {
        guard frequency != .off else { return }
        let civil = Self.civilCalendar
        var local = Calendar(identifier: .gregorian)
        local.timeZone = timeZone
        // Start a day early: a refresh time of the previous local day can
        // still lie after `date` around a daylight-saving change.
        let startParts = local.dateComponents([.year, .month, .day], from: date)
        guard var day = civil.date(from: startParts).map({ $0.addingTimeInterval(-86_400) }) else { return }
        var lastVisited = date
        for _ in 0..<(8 * 366) {
            let parts = civil.dateComponents([.year, .month, .day, .weekday], from: day)
            // The calendar counts weekdays from Sunday (1); Weekday from Monday (ISO 8601).
            if let year = parts.year, let month = parts.month, let dayOfMonth = parts.day,
               let weekdayValue = parts.weekday, let weekday = Weekday(rawValue: (weekdayValue + 5) % 7 + 1) {
                let lastDay = civil.range(of: .day, in: .month, for: day)?.count ?? 31
                if runs(on: weekday), segment.includes(weekday: weekday, dayOfMonth: dayOfMonth, daysInMonth: lastDay) {
                    var instants: [Date] = []
                    for time in times {
                        let instant = Self.instant(
                            year: year, month: month, day: dayOfMonth, time: time, timeZone: timeZone
                        )
                        if instant > lastVisited, !instants.contains(instant) {
                            instants.append(instant)
                        }
                    }
                    for instant in instants.sorted() {
                        guard visit(instant) else { return }
                        lastVisited = instant
                    }
                }
            }
            day = day.addingTimeInterval(86_400)
        }
    }

    /// The instant of wall-clock `time` on a civil date in `timeZone`, with
    /// the rules for skipped and repeated times described above.
    static func instant(year: Int, month: Int, day: Int, time: TimeOfDay, timeZone: TimeZone) -> Date {
        let components = DateComponents(year: year, month: month, day: day, hour: time.hour, minute: time.minute)
        guard let wallClock = civilCalendar.date(from: components) else {
            preconditionFailure("RefreshSchedule.instant: \(components) is not a date")
        }
        // Offsets a day before and after; a real time zone changes at most
        // once in between.
        let offsetBefore = TimeInterval(timeZone.secondsFromGMT(for: wallClock.addingTimeInterval(-86_400)))
        let offsetAfter = TimeInterval(timeZone.secondsFromGMT(for: wallClock.addingTimeInterval(86_400)))
        let candidates = [wallClock.addingTimeInterval(-offsetBefore), wallClock.addingTimeInterval(-offsetAfter)]
        let valid = candidates.filter { candidate in
            candidate.addingTimeInterval(TimeInterval(timeZone.secondsFromGMT(for: candidate))) == wallClock
        }
        // Repeated: the earlier; skipped: the time on the offset before the jump.
        return valid.min() ?? wallClock.addingTimeInterval(-offsetBefore)
    }

    /// A Gregorian calendar in UTC, for counting civil dates without
    /// daylight-saving changes.
    static var civilCalendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }
}

extension SegmentSchedule {
    /// Whether the segment refreshes on a day with this weekday and day of
    /// the month, given the system refreshes then.
    func includes(weekday: Weekday, dayOfMonth: Int, daysInMonth: Int) -> Bool {
        switch self {
        case .everySystemRefresh:
            true
        case .weekly(let weekdays):
            weekdays.contains(weekday)
        case .monthly(let days):
            days.contains(dayOfMonth) || (dayOfMonth == daysInMonth && days.contains { $0 > daysInMonth })
        }
    }
}
