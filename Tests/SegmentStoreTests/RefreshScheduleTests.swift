import Foundation
import Testing
@testable import SegmentStore

@Suite("Refresh schedule arithmetic")
struct RefreshScheduleTests {
    private let berlin = TimeZone(identifier: "Europe/Berlin")!
    private let utc = TimeZone(identifier: "UTC")!

    /// The instant of an ISO 8601 UTC text like `2026-03-29T01:30:00Z`.
    private func at(_ text: String) throws -> Date {
        try Date(text, strategy: .iso8601)
    }

    private func times(_ texts: String...) -> [TimeOfDay] {
        texts.map { TimeOfDay($0)! }
    }

    @Test("daily at 06:00 in Berlin stays at 06:00 local across the March change")
    func dailyAcrossSpringForward() throws {
        let schedule = try RefreshSchedule.daily(at: times("06:00"))
        let runs = schedule.nextRuns(after: try at("2026-03-27T12:00:00Z"), timeZone: berlin, count: 3)
        #expect(runs == [try at("2026-03-28T05:00:00Z"), try at("2026-03-29T04:00:00Z"), try at("2026-03-30T04:00:00Z")])
    }

    @Test("a time the spring-forward change skips runs as much later as the clock jumped; two such times run once")
    func skippedTime() throws {
        let schedule = try RefreshSchedule.daily(at: times("02:30"))
        let runs = schedule.nextRuns(after: try at("2026-03-27T12:00:00Z"), timeZone: berlin, count: 3)
        // 02:30 CET on the 28th; 02:30 does not exist on the 29th: 03:30 CEST; 02:30 CEST on the 30th.
        #expect(runs == [try at("2026-03-28T01:30:00Z"), try at("2026-03-29T01:30:00Z"), try at("2026-03-30T00:30:00Z")])

        let both = try RefreshSchedule.daily(at: times("02:30", "03:30"))
        let day = both.runs(after: try at("2026-03-28T22:00:00Z"), through: try at("2026-03-29T21:00:00Z"), timeZone: berlin)
        #expect(day == [try at("2026-03-29T01:30:00Z")])
    }

    @Test("a time the fall-back change repeats runs once, at its first occurrence")
    func repeatedTime() throws {
        let schedule = try RefreshSchedule.daily(at: times("02:30"))
        let runs = schedule.nextRuns(after: try at("2026-10-23T12:00:00Z"), timeZone: berlin, count: 3)
        #expect(runs == [try at("2026-10-24T00:30:00Z"), try at("2026-10-25T00:30:00Z"), try at("2026-10-26T01:30:00Z")])
        // Asking from between the two occurrences does not run it again that night.
        let after = schedule.nextRuns(after: try at("2026-10-25T00:45:00Z"), timeZone: berlin, count: 1)
        #expect(after == [try at("2026-10-26T01:30:00Z")])
    }

    @Test("up to four times a day, in order; a fifth is refused")
    func fourTimesADay() throws {
        let schedule = try RefreshSchedule.daily(at: times("18:00", "00:00", "12:00", "06:00"))
        #expect(schedule.times.map(\.description) == ["00:00", "06:00", "12:00", "18:00"])
        let runs = schedule.nextRuns(after: try at("2026-05-01T07:00:00Z"), timeZone: utc, count: 5)
        #expect(runs == [
            try at("2026-05-01T12:00:00Z"), try at("2026-05-01T18:00:00Z"), try at("2026-05-02T00:00:00Z"),
            try at("2026-05-02T06:00:00Z"), try at("2026-05-02T12:00:00Z"),
        ])
        let error = try #require(throws: ScheduleError.self) {
            try RefreshSchedule.daily(at: times("01:00", "02:00", "03:00", "04:00", "05:00"))
        }
        #expect(error.description == "schedule: times: at most 4 times a day, got 5")
        #expect(throws: ScheduleError.self) { try RefreshSchedule.daily(at: []) }
        #expect(throws: ScheduleError.self) { try RefreshSchedule.daily(at: times("06:00", "6:00")) }
        #expect(throws: ScheduleError.self) { try RefreshSchedule.weekly(on: [], at: times("06:00")) }
        #expect(throws: ScheduleError.self) { try RefreshSchedule(frequency: .off, weekdays: [], times: times("06:00")) }
    }

    @Test("weekly on chosen days; a segment's weekly days pick among them")
    func weekly() throws {
        let schedule = try RefreshSchedule.weekly(on: [.thursday, .monday], at: times("07:15"))
        // 2026-05-04 is a Monday.
        let runs = schedule.nextRuns(after: try at("2026-05-04T00:00:00Z"), timeZone: utc, count: 4)
        #expect(runs == [
            try at("2026-05-04T07:15:00Z"), try at("2026-05-07T07:15:00Z"),
            try at("2026-05-11T07:15:00Z"), try at("2026-05-14T07:15:00Z"),
        ])
        let thursdays = schedule.nextRuns(after: try at("2026-05-04T00:00:00Z"), timeZone: utc, count: 2, for: .weekly([.thursday]))
        #expect(thursdays == [try at("2026-05-07T07:15:00Z"), try at("2026-05-14T07:15:00Z")])
        #expect(throws: ScheduleError.self) { try SegmentSchedule.weekly([.friday]).validate(against: schedule) }
        try SegmentSchedule.weekly([.friday]).validate(against: try .daily(at: times("07:15")))
    }

    @Test("monthly on day 31 runs on each month's last day; days past a month's end run once")
    func monthEnds() throws {
        let daily = try RefreshSchedule.daily(at: times("08:00"))
        let runs = daily.nextRuns(after: try at("2026-01-01T00:00:00Z"), timeZone: utc, count: 5, for: .monthly([31]))
        #expect(runs == [
            try at("2026-01-31T08:00:00Z"), try at("2026-02-28T08:00:00Z"), try at("2026-03-31T08:00:00Z"),
            try at("2026-04-30T08:00:00Z"), try at("2026-05-31T08:00:00Z"),
        ])
        let leap = daily.nextRuns(after: try at("2028-02-01T00:00:00Z"), timeZone: utc, count: 1, for: .monthly([30]))
        #expect(leap == [try at("2028-02-29T08:00:00Z")])
        let twoDays = daily.nextRuns(after: try at("2026-04-01T00:00:00Z"), timeZone: utc, count: 3, for: .monthly([30, 31]))
        #expect(twoDays == [try at("2026-04-30T08:00:00Z"), try at("2026-05-30T08:00:00Z"), try at("2026-05-31T08:00:00Z")])
    }

    @Test("monthly days only run on system refresh days")
    func monthlyOnWeeklySystem() throws {
        let mondays = try RefreshSchedule.weekly(on: [.monday], at: times("09:00"))
        let runs = mondays.nextRuns(after: try at("2026-01-01T00:00:00Z"), timeZone: utc, count: 3, for: .monthly([15]))
        #expect(runs == [try at("2026-06-15T09:00:00Z"), try at("2027-02-15T09:00:00Z"), try at("2027-03-15T09:00:00Z")])
    }

    @Test("off never runs; isDue says whether a refresh fell since the last handled instant")
    func offAndDue() throws {
        #expect(RefreshSchedule.off.nextRuns(after: Date(), timeZone: utc, count: 3).isEmpty)
        #expect(!RefreshSchedule.off.isDue(since: try at("2026-01-01T00:00:00Z"), at: try at("2027-01-01T00:00:00Z"), timeZone: utc))
        let daily = try RefreshSchedule.daily(at: times("06:00"))
        #expect(daily.isDue(since: try at("2026-05-01T05:59:00Z"), at: try at("2026-05-01T06:00:00Z"), timeZone: utc))
        #expect(!daily.isDue(since: try at("2026-05-01T06:00:00Z"), at: try at("2026-05-01T23:59:00Z"), timeZone: utc))
        #expect(daily.isDue(since: try at("2026-05-01T06:00:00Z"), at: try at("2026-05-03T00:00:00Z"), timeZone: utc))
        #expect(!daily.isDue(
            since: try at("2026-05-01T06:00:00Z"), at: try at("2026-05-03T07:00:00Z"), timeZone: utc, for: .weekly([.friday])
        ))
        #expect(daily.runs(after: try at("2026-05-01T06:00:00Z"), through: try at("2026-05-03T06:00:00Z"), timeZone: utc).count == 2)
    }

    @Test("schedules round-trip through JSON; times parse as HH:mm")
    func coding() throws {
        let schedule = try RefreshSchedule.weekly(on: [.saturday, .monday], at: times("6:05", "23:59"))
        let data = try JSONEncoder().encode(schedule)
        #expect(try JSONDecoder().decode(RefreshSchedule.self, from: data) == schedule)
        #expect(String(decoding: data, as: UTF8.self).contains(#""times":["06:05","23:59"]"#))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(RefreshSchedule.self, from: Data(#"{"frequency":"daily","times":["24:00"]}"#.utf8))
        }
        #expect(throws: ScheduleError.self) {
            try JSONDecoder().decode(RefreshSchedule.self, from: Data(#"{"frequency":"weekly","times":["06:00"]}"#.utf8))
        }
        for segment in [SegmentSchedule.everySystemRefresh, .weekly([.monday, .friday]), .monthly([1, 31])] {
            #expect(try JSONDecoder().decode(SegmentSchedule.self, from: JSONEncoder().encode(segment)) == segment)
        }
        #expect(TimeOfDay("25:00") == nil)
        #expect(TimeOfDay("06:5") == nil)
        #expect(TimeOfDay("-1:30") == nil)
        #expect(TimeOfDay("6:30")?.description == "06:30")
    }

    @Test("the store keeps the system schedule, off by default")
    func storedSystemSchedule() throws {
        let directory = try TemporaryDirectory()
        let store = try SegmentStoreTestSupport.makeStore(directory)
        #expect(try store.systemSchedule() == .off)
        let schedule = try RefreshSchedule.weekly(on: [.tuesday], at: times("05:00", "17:00"))
        try store.setSystemSchedule(schedule)
        #expect(try store.systemSchedule() == schedule)
        #expect(try store.scheduleHandledThrough() == nil)
        try store.write { db in try db.recordScheduleHandled(through: SegmentStoreTestSupport.start) }
        #expect(try store.scheduleHandledThrough() == SegmentStoreTestSupport.start)
    }
}
