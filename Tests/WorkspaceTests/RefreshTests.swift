import Foundation
import SegmentStore
import Testing
@testable import Workspace

@Suite struct RefreshTests {
    @Test func dependenciesRefreshFirstAndCountsMoveWithTime() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        try ws.createSegment(named: "Recent", definition: "sum(amount of purchase within last 30 days) >= 30")
        try ws.createSegment(named: "Gold", definition: #"tier = "gold""#)
        try ws.createSegment(named: "Gold recent", definition: #"in segment "Recent" and in segment "Gold""#)

        let first = try ws.refresh(["Gold recent"], asOf: SmallWorkspace.july1)
        #expect(first.runs.map(\.segment) == ["Gold", "Recent", "Gold recent"])
        #expect(first.runs.map(\.trigger) == ["dependency", "dependency", "manual"])
        #expect(first.runs.map(\.memberCount) == [2, 2, 1])
        #expect(try fixture.memberIDs("Gold recent") == ["1"])

        let second = try ws.refresh(["Recent"], asOf: SmallWorkspace.july25)
        let recent = try #require(second.runs.first)
        #expect(recent.memberCount == 1 && recent.enteredCount == 0 && recent.exitedCount == 1)
        #expect(try ws.memberChanges(named: "Recent", exited: true).customerIDs == ["1"])
        #expect(try ws.memberChanges(named: "Recent").count == 0)
        let summary = try #require(try ws.segments().first { $0.name == "Recent" })
        #expect(summary.memberCount == 1 && summary.lastRunStatus == "succeeded")
        #expect(try ws.refreshRuns(named: "Recent").count == 2)
    }

    @Test func aFailingSegmentSkipsItsDependentsOnly() throws {
        let fixture = try SmallWorkspace(measures: [spendMeasure])
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        try ws.createSegment(named: "Spenders", definition: "spend > 50")
        try ws.createSegment(named: "Gold spenders", definition: #"in segment "Spenders" and tier = "gold""#)
        try ws.createSegment(named: "Gold", definition: #"tier = "gold""#)
        try ws.refresh([], all: true, asOf: SmallWorkspace.july1)
        #expect(try fixture.memberIDs("Gold spenders") == ["1"])

        // The measure disappears from the config: "Spenders" no longer validates.
        let changed = try fixture.reopened { $0.measures = [] }
        let report = try changed.refresh([], all: true, asOf: SmallWorkspace.july1)
        let status = Dictionary(uniqueKeysWithValues: report.runs.map { ($0.segment, $0) })
        #expect(status["Spenders"]?.status == "failed")
        #expect(status["Spenders"]?.message?.contains("unknown measure \"spend\"") == true)
        #expect(status["Gold spenders"]?.status == "skipped")
        #expect(status["Gold spenders"]?.message == "depends on \"Spenders\", which failed in this refresh")
        #expect(status["Gold"]?.status == "succeeded")
        #expect(!report.isSuccess)
        // The previous members stay.
        #expect(try fixture.memberIDs("Gold spenders") == ["1"])
        let spenders = try #require(try changed.segments().first { $0.name == "Spenders" })
        #expect(spenders.lastRunStatus == "failed" && spenders.memberCount == 1)
    }

    @Test func anExpansionSegmentWithoutSimilarCustomerSettingsFailsReadably() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        try ws.createSegment(named: "Lookalikes", definition: #"tier = "gold""#, type: .expansion)
        let report = try ws.refresh(["Lookalikes"], asOf: SmallWorkspace.july1)
        #expect(report.runs.map(\.status) == ["failed"])
        #expect(report.runs[0].message?.contains("expansion settings not found") == true)
    }

    @Test func runsLeftByADeadProcessAreMarkedFailed() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        let gold = try ws.createSegment(named: "Gold", definition: #"tier = "gold""#)
        let stale = try ws.store.queueRefreshRun(segmentID: gold.id, trigger: .manual)
        try ws.store.startRefreshRun(id: stale.id)
        let report = try ws.refresh(["Gold"], asOf: SmallWorkspace.july1)
        #expect(report.abandonedRunCount == 1)
        let run = try #require(try ws.store.refreshRun(id: stale.id))
        #expect(run.status == .failed)
        #expect(run.errorReport == Workspace.abandonedRunReport)
    }

    @Test func aSecondRefreshWhileOneRunsIsBusy() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        try ws.createSegment(named: "Gold", definition: #"tier = "gold""#)
        let lock = try #require(try FileLock(url: ws.dataDirectory.appendingPathComponent(".refresh.lock")))
        let error = #expect(throws: WorkspaceError.self) { try ws.refresh(["Gold"]) }
        #expect(error.map { FailureKind(of: $0) } == .busy)
        withExtendedLifetime(lock) {}
        #expect(try ws.refreshRuns(named: "Gold").isEmpty)
    }
}
