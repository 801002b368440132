import Foundation
import SegmentStore
import Testing
@testable import Workspace

@Suite struct SchedulerTests {
    private func time(_ text: String) -> Date { SmallWorkspace.date(text) }

    @Test func dueRefreshesRunOnceSkippingInactiveAndLeavingStaticAlone() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        try ws.createSegment(named: "Dynamic", definition: #"tier = "gold""#)
        try ws.createSegment(named: "Static", definition: #"tier = "gold""#, type: .static)
        try ws.createSegment(named: "Sleeping", definition: #"tier = "gold""#)
        try ws.setSegmentState(named: "Sleeping", .inactive, now: time("2025-07-01T00:00:00+02:00"))
        try ws.setSystemSchedule(try .daily(at: [TimeOfDay("06:00")!]), now: time("2025-07-01T00:00:00+02:00"))

        let early = try ws.runScheduler(now: time("2025-07-01T05:59:00+02:00"))
        #expect(early.refresh == nil && early.dueSegments.isEmpty)
        let due = try ws.runScheduler(now: time("2025-07-01T06:01:00+02:00"))
        let runs = try #require(due.refresh?.runs)
        #expect(runs.map(\.segment) == ["Dynamic", "Sleeping"])
        #expect(runs.map(\.status) == ["succeeded", "skipped"])
        #expect(runs.allSatisfy { $0.trigger == "scheduled" })
        #expect(runs[1].message?.hasPrefix("inactive") == true)
        // Handled: the same minute again does nothing.
        #expect(try ws.runScheduler(now: time("2025-07-01T06:02:00+02:00")).refresh == nil)
        // Three missed days refresh once.
        let caughtUp = try ws.runScheduler(now: time("2025-07-04T07:00:00+02:00"))
        #expect(caughtUp.refresh?.runs.count == 2)
        #expect(try ws.refreshRuns(named: "Static").isEmpty)
        #expect(try ws.refreshRuns(named: "Dynamic").count == 2)
    }

    @Test func weeklyAndMonthlySegmentSchedulesPickSystemRefreshDays() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        try ws.createSegment(named: "Monthly", definition: #"tier = "gold""#)
        try ws.createSegment(named: "Mondays", definition: #"tier = "gold""#)
        try ws.setSystemSchedule(try .daily(at: [TimeOfDay("06:00")!]), now: time("2025-04-27T00:00:00+02:00"))
        try ws.setSegmentSchedule(named: "Monthly", .monthly([31]))
        try ws.setSegmentSchedule(named: "Mondays", .weekly([.monday]))
        // 2025-04-28 is a Monday; April has 30 days, so day 31 means the 30th.
        var due: [String: [String]] = [:]
        var day = time("2025-04-27T07:00:00+02:00")
        for _ in 0..<5 {
            due[ISO8601DateFormatter().string(from: day)] = try ws.runScheduler(now: day).dueSegments
            day = day.addingTimeInterval(86_400)
        }
        #expect(due["2025-04-27T05:00:00Z"] == [])          // Sunday
        #expect(due["2025-04-28T05:00:00Z"] == ["Mondays"])  // Monday
        #expect(due["2025-04-30T05:00:00Z"] == ["Monthly"])  // the month's last day stands for the 31st
        #expect(throws: StoreError.self) {
            try ws.setSystemSchedule(try .weekly(on: [.tuesday], at: [TimeOfDay("06:00")!]))
            try ws.setSegmentSchedule(named: "Mondays", .weekly([.monday]))
        }
    }

    @Test func refreshTimesStayAtLocalWallClockAcrossDaylightSaving() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        // Berlin moves to summer time on 2025-03-30: 06:00 local is 05:00Z before, 04:00Z after.
        try ws.setSystemSchedule(try .daily(at: [TimeOfDay("06:00")!]), now: time("2025-03-29T00:00:00+01:00"))
        let next = try ws.systemSchedule(now: time("2025-03-29T00:00:00+01:00")).nextRuns
        #expect(next.prefix(3).map { ISO8601DateFormatter().string(from: $0) }
            == ["2025-03-29T05:00:00Z", "2025-03-30T04:00:00Z", "2025-03-31T04:00:00Z"])
    }

    @Test func autoDeactivationRunsDailyAndTagsUnusedSegments() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        let created = time("2025-05-01T12:00:00+02:00")
        try ws.createSegment(named: "Unused", definition: #"tier = "gold""#, at: created)
        try ws.createSegment(named: "Exempt", definition: #"tier = "gold""#, at: created)
        try ws.setSegmentExempt(named: "Exempt", true, at: created)
        try ws.createSegment(named: "Viewed", definition: #"tier = "gold""#, at: created)
        _ = try ws.segmentDetail(named: "Viewed", now: time("2025-06-10T12:00:00+02:00"))

        let report = try ws.runScheduler(now: time("2025-06-20T12:00:00+02:00"))
        #expect(report.autoDeactivationRan)
        #expect(report.autoDeactivated == ["Unused"])
        let unused = try ws.segmentDetail(named: "Unused", recordingView: false).segment
        #expect(unused.state == "inactive" && unused.tags == [SegmentRules.autoDeactivatedTag])
        #expect(try ws.segmentDetail(named: "Exempt", recordingView: false).segment.state == "active")
        // Once a day only.
        #expect(try ws.runScheduler(now: time("2025-06-20T18:00:00+02:00")).autoDeactivationRan == false)
    }

    @Test func autoDeactivationPeriodComesFromTheConfig() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        try fixture.workspace.createSegment(
            named: "Fortnight old", definition: #"tier = "gold""#, at: time("2025-06-05T12:00:00+02:00"))
        // 15 days unused: kept under the default of 45 days, deactivated under 10.
        let strict = try fixture.reopened { $0.autoDeactivationDays = 10 }
        #expect(try strict.runScheduler(now: time("2025-06-20T12:00:00+02:00")).autoDeactivated == ["Fortnight old"])

        let otherFixture = try SmallWorkspace()
        defer { otherFixture.cleanUp() }
        try otherFixture.workspace.createSegment(
            named: "Fortnight old", definition: #"tier = "gold""#, at: time("2025-06-05T12:00:00+02:00"))
        #expect(try otherFixture.workspace.runScheduler(now: time("2025-06-20T12:00:00+02:00")).autoDeactivated.isEmpty)
    }

    @Test func aNonPositiveAutoDeactivationPeriodIsAConfigError() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        #expect {
            _ = try fixture.reopened { $0.autoDeactivationDays = 0 }
        } throws: { error in
            "\(error)".contains("autoDeactivationDays") && "\(error)".contains("at least 1")
        }
    }
}
