import Foundation
import SegmentStore
import Testing
@testable import Workspace

@Suite struct RefreshCancelTests {
    @Test func aCanceledRefreshKeepsThePreviousMembersAndTheNextOneRuns() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        try ws.createSegment(named: "Recent", definition: "sum(amount of purchase within last 30 days) >= 30")
        try ws.createSegment(named: "Gold", definition: #"tier = "gold""#)
        try ws.refresh([], all: true, asOf: SmallWorkspace.july1)
        #expect(try fixture.memberIDs("Recent") == ["1", "4"])

        // Asked to stop while it evaluates: nothing is stored.
        let canceled = try ws.refresh([], all: true, asOf: SmallWorkspace.july25) { _, note in
            if note.hasPrefix("evaluating") { _ = try? ws.cancelRefresh() }
        }
        #expect(canceled.runs.map(\.status) == ["canceled", "canceled"])
        #expect(!canceled.isSuccess)
        #expect(try fixture.memberIDs("Recent") == ["1", "4"])
        #expect(try ws.refreshRuns(named: "Recent").first?.status == "canceled")

        // The request ends with that refresh.
        let next = try ws.refresh(["Recent"], asOf: SmallWorkspace.july25)
        #expect(next.runs.map(\.status) == ["succeeded"])
        #expect(try fixture.memberIDs("Recent") == ["4"])
    }

    @Test func cancelingWhenNothingRunsSaysSoAndLeavesNoRequestBehind() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        #expect(try ws.cancelRefresh() == false)
        try ws.createSegment(named: "Gold", definition: #"tier = "gold""#)
        #expect(try ws.refresh(["Gold"], asOf: SmallWorkspace.july1).runs.map(\.status) == ["succeeded"])
    }
}
