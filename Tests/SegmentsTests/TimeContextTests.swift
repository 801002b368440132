import Foundation
import Segments
import Testing

private func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }
private func instant(_ text: String) -> Int64 { DateTimeLiteral(iso: text)!.millisecondsSinceEpoch! }
private func zone(_ identifier: String) throws -> TimeZone { try #require(TimeZone(identifier: identifier)) }

@Suite struct TimeContextTests {
    @Test("today is the calendar date of asOf in the workspace zone")
    func today() throws {
        let asOf = instant("2024-03-31T22:30:00Z")
        #expect(TimeContext(asOfMilliseconds: asOf, timeZone: try zone("UTC")).today == day("2024-03-31"))
        #expect(TimeContext(asOfMilliseconds: asOf, timeZone: try zone("Europe/Berlin")).today == day("2024-04-01"))
        #expect(TimeContext(asOfMilliseconds: asOf, timeZone: try zone("America/New_York")).today == day("2024-03-31"))
        // Before the epoch, days round down.
        let early = TimeContext(asOfMilliseconds: -1, timeZone: try zone("UTC"))
        #expect(early.today == day("1969-12-31"))
        #expect(early.calendarDate(atMilliseconds: -1) == day("1969-12-31"))
        #expect(TimeContext(asOfMilliseconds: -1, timeZone: try zone("Asia/Tokyo")).today == day("1970-01-01"))
    }

    @Test("relative date tests on date columns resolve to inclusive day ranges")
    func dayRanges() throws {
        let context = TimeContext(asOfMilliseconds: instant("2024-03-31T12:00:00Z"), timeZone: try zone("UTC"))
        func days(_ test: ValueTest) -> [ClosedRange<Int>]? { context.dayRanges(for: test) }
        func range(_ low: String, _ high: String) -> ClosedRange<Int> {
            day(low).daysSinceEpoch...day(high).daysSinceEpoch
        }
        #expect(days(.withinLast(RelativeDuration(7, .days))) == [range("2024-03-24", "2024-03-31")])
        #expect(days(.withinLast(RelativeDuration(0, .days))) == [range("2024-03-31", "2024-03-31")])
        // Month arithmetic clamps to the month's end: March 31 minus one month is February 29.
        #expect(days(.withinLast(RelativeDuration(1, .months))) == [range("2024-02-29", "2024-03-31")])
        #expect(days(.withinLast(RelativeDuration(1, .years))) == [range("2023-03-31", "2024-03-31")])
        #expect(days(.withinNext(RelativeDuration(2, .weeks))) == [range("2024-03-31", "2024-04-14")])
        #expect(days(.notWithinLast(RelativeDuration(7, .days))) == [
            Int.min...(day("2024-03-24").daysSinceEpoch - 1), (day("2024-03-31").daysSinceEpoch + 1)...Int.max,
        ])
        #expect(days(.yearToDate) == [range("2024-01-01", "2024-03-31")])
        #expect(days(.before(.date(day("2024-01-01")))) == [Int.min...(day("2023-12-31").daysSinceEpoch)])
        #expect(days(.after(.date(day("2024-01-01")))) == [day("2024-01-02").daysSinceEpoch...Int.max])
        #expect(days(.on(.date(day("2024-02-29")))) == [range("2024-02-29", "2024-02-29")])
        #expect(days(.between(.date(day("2024-01-01")), .date(day("2024-01-31")))) == [range("2024-01-01", "2024-01-31")])
        #expect(days(.monthIn([.march])) == nil)
        #expect(days(.isEmpty) == nil)

        let leapless = TimeContext(asOfMilliseconds: instant("2023-03-31T00:00:00Z"), timeZone: try zone("UTC"))
        #expect(leapless.dayRanges(for: .withinLast(RelativeDuration(1, .months))) == [range("2023-02-28", "2023-03-31")])
        let january = TimeContext(asOfMilliseconds: instant("2024-01-31T00:00:00Z"), timeZone: try zone("UTC"))
        #expect(january.dayRanges(for: .withinNext(RelativeDuration(1, .months))) == [range("2024-01-31", "2024-02-29")])
    }

    @Test("relative tests on datetime columns keep the wall-clock time across daylight saving")
    func instantRangesAcrossDST() throws {
        // Berlin moves from +01:00 to +02:00 at 02:00 on 2024-03-31.
        let asOf = instant("2024-03-31T12:00:00+02:00")
        let context = TimeContext(asOfMilliseconds: asOf, timeZone: try zone("Europe/Berlin"))
        let lastDay = try #require(context.instantRanges(for: .withinLast(RelativeDuration(1, .days))))
        #expect(lastDay == [instant("2024-03-30T12:00:00+01:00")...asOf])
        #expect(asOf - lastDay[0].lowerBound == 23 * 3_600_000)

        // "on" a date covers that calendar day in the zone: 23 hours on the spring-forward day.
        let onDay = try #require(context.instantRanges(for: .on(.date(day("2024-03-31")))))
        #expect(onDay == [instant("2024-03-31T00:00:00+01:00")...(instant("2024-04-01T00:00:00+02:00") - 1)])
        #expect(onDay[0].upperBound - onDay[0].lowerBound + 1 == 23 * 3_600_000)

        // A datetime without an offset is on the workspace wall clock; one with an offset is not.
        let local = DateTimeLiteral(iso: "2024-07-01T08:00:00")!
        #expect(context.instantRanges(for: .before(.datetime(local))) == [Int64.min...(instant("2024-07-01T06:00:00Z") - 1)])
        #expect(context.instantRanges(for: .after(.datetime(DateTimeLiteral(iso: "2024-07-01T08:00:00Z")!)))
            == [(instant("2024-07-01T08:00:00Z") + 1)...Int64.max])
        #expect(context.instantRanges(for: .between(.date(day("2024-01-01")), .date(day("2024-01-01"))))
            == [instant("2024-01-01T00:00:00+01:00")...(instant("2024-01-02T00:00:00+01:00") - 1)])
        #expect(context.instantRanges(for: .yearToDate) == [instant("2024-01-01T00:00:00+01:00")...asOf])
        #expect(context.instantRanges(for: .notWithinLast(RelativeDuration(1, .days)))
            == [Int64.min...(lastDay[0].lowerBound - 1), (asOf + 1)...Int64.max])
    }

    @Test("skipped wall-clock times move forward, repeated ones take the earlier instant")
    func gapsAndOverlaps() throws {
        let berlin = TimeContext(asOfMilliseconds: 0, timeZone: try zone("Europe/Berlin"))
        let halfPastTwo = 150 * 60_000
        #expect(berlin.instant(ofLocal: day("2024-03-31"), millisecondOfDay: halfPastTwo)
            == instant("2024-03-31T03:30:00+02:00"))
        #expect(berlin.instant(ofLocal: day("2024-10-27"), millisecondOfDay: halfPastTwo)
            == instant("2024-10-27T02:30:00+02:00"))
        #expect(berlin.startOfDay(day("2024-10-27")) == instant("2024-10-27T00:00:00+02:00"))

        // Where a day starts with the clock change, it starts at the first instant after the gap.
        let havana = TimeContext(asOfMilliseconds: 0, timeZone: try zone("America/Havana"))
        #expect(havana.startOfDay(day("2024-03-10")) == instant("2024-03-10T01:00:00-04:00"))
    }

    @Test("activity windows end at asOf")
    func activityWindows() throws {
        let asOf = instant("2024-03-15T10:00:00Z")
        let context = TimeContext(asOfMilliseconds: asOf, timeZone: try zone("UTC"))
        let today = day("2024-03-15").daysSinceEpoch
        #expect(context.dayRanges(for: .allTime) == [Int.min...today])
        #expect(context.dayRanges(for: .last(RelativeDuration(90, .days))) == [(today - 90)...today])
        #expect(context.dayRanges(for: .between(day("2024-03-01"), day("2024-12-31"))) == [day("2024-03-01").daysSinceEpoch...today])
        #expect(context.dayRanges(for: .between(day("2024-04-01"), day("2024-12-31"))) == [])
        #expect(context.dayRanges(for: .yearToDate) == [day("2024-01-01").daysSinceEpoch...today])
        #expect(context.instantRanges(for: .allTime) == [Int64.min...asOf])
        #expect(context.instantRanges(for: .last(RelativeDuration(90, .days))) == [instant("2023-12-16T10:00:00Z")...asOf])
        #expect(context.instantRanges(for: .between(day("2024-01-01"), day("2024-01-31")))
            == [instant("2024-01-01T00:00:00Z")...(instant("2024-02-01T00:00:00Z") - 1)])
        #expect(context.instantRanges(for: .between(day("2024-03-01"), day("2024-03-31"))) == [instant("2024-03-01T00:00:00Z")...asOf])
    }

    @Test("anniversaries wrap the year and count February 29 on February 28 in common years")
    func anniversaries() throws {
        let utc = try zone("UTC")
        let common = TimeContext(asOfMilliseconds: instant("2023-02-27T00:00:00Z"), timeZone: utc)
        #expect(common.anniversaryMonthDays(withinNextDays: 1) == [227, 228, 229])
        #expect(common.isAnniversary(of: day("2020-02-29"), withinNextDays: 1))
        #expect(!common.isAnniversary(of: day("2020-03-01"), withinNextDays: 1))
        let leap = TimeContext(asOfMilliseconds: instant("2024-02-28T00:00:00Z"), timeZone: utc)
        #expect(leap.anniversaryMonthDays(withinNextDays: 0) == [228])
        let december = TimeContext(asOfMilliseconds: instant("2024-12-30T00:00:00Z"), timeZone: utc)
        #expect(december.anniversaryMonthDays(withinNextDays: 4) == [1230, 1231, 101, 102, 103])
        #expect(december.anniversaryMonthDays(withinNextDays: 366).count == 366)
    }
}

@Suite struct CalendarDateTests {
    @Test("days since the epoch agree with Foundation's Gregorian calendar")
    func agreesWithFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        // Foundation switches to the Julian calendar before 1582; compare from 1583 on.
        for days in stride(from: -140_000, through: 2_900_000, by: 997) {
            let date = CalendarDate(daysSinceEpoch: days)
            let parts = calendar.dateComponents(
                [.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: Double(days) * 86_400))
            #expect(date.components == (parts.year!, parts.month!, parts.day!))
            #expect(date.weekday.rawValue == (parts.weekday! + 5) % 7 + 1)
            #expect(CalendarDate(iso: date.isoString) == date)
        }
    }

    @Test("ISO dates must exist")
    func isoParsing() {
        #expect(CalendarDate(iso: "2024-02-29")?.daysSinceEpoch == 19_782)
        #expect(CalendarDate(iso: "2023-02-29") == nil)
        #expect(CalendarDate(iso: "2024-13-01") == nil)
        #expect(CalendarDate(iso: "2024-1-01") == nil)
        #expect(CalendarDate(iso: "0000-01-01") == nil)
        #expect(CalendarDate(iso: "2024-03-15")?.weekday == .friday)
        #expect(DateTimeLiteral(iso: "2024-03-15T24:00:00Z") == nil)
        #expect(DateTimeLiteral(iso: "2024-03-15T10:00:00.1234Z") == nil)
        #expect(DateTimeLiteral(iso: "2024-03-15T10:00:00+19:00") == nil)
        #expect(DateTimeLiteral(iso: "2024-03-15T10:00:00.5-03:30")?.isoString == "2024-03-15T10:00:00.500-03:30")
    }

    @Test("adding months and years clamps to the end of the month")
    func monthArithmetic() {
        #expect(day("2024-03-31").adding(-1, .months) == day("2024-02-29"))
        #expect(day("2024-02-29").adding(1, .years) == day("2025-02-28"))
        #expect(day("2024-01-31").adding(13, .months) == day("2025-02-28"))
        #expect(day("2024-01-15").adding(-25, .months) == day("2021-12-15"))
        #expect(day("2024-03-15").adding(-2, .weeks) == day("2024-03-01"))
    }
}
