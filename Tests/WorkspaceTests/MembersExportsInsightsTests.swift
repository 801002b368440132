import Foundation
import SegmentStore
import Testing
@testable import Workspace

@Suite struct MembersExportsInsightsTests {
    @Test func previewUsesTheDefinitionsFieldsAndCountsAsAView() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        try ws.createSegment(named: "Gold", definition: #"tier = "gold" and age > 20"#)
        #expect(throws: SegmentLifecycleError.neverRefreshed(segment: "Gold")) { try ws.memberPreview(named: "Gold") }
        try ws.refresh(["Gold"], asOf: SmallWorkspace.july1)
        let preview = try ws.memberPreview(named: "Gold")
        #expect(preview.fields == ["id", "tier", "age"])
        #expect(preview.rows == [["1", "gold", "34"], ["3", "gold", "51"]])
        let typo = #expect(throws: SegmentLifecycleError.self) { try ws.memberPreview(named: "Gold", fields: ["id", "tierr"]) }
        #expect(typo?.description.contains(#"did you mean "tier"?"#) == true)
        #expect(try ws.segmentDetail(named: "Gold", recordingView: false).segment.lastViewedAt != nil)
    }

    @Test func downloadWritesRFC4180WithTheFormulaGuard() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        try ws.createSegment(named: "All", definition: "age > 0 or age is empty")
        try ws.refresh(["All"], asOf: SmallWorkspace.july1)
        let out = fixture.directory.appendingPathComponent("all.csv")
        let rows = try ws.downloadMembers(named: "All", to: out, fields: ["id", "note", "age"])
        #expect(rows == 4)
        let text = try String(contentsOf: out, encoding: .utf8)
        #expect(text == "id,note,age\r\n1,'=cmd,34\r\n2,\"a,b\",\r\n3,'-x,51\r\n4,plain,38\r\n")
    }

    @Test func customerSegmentsAndHistory() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        try ws.createSegment(named: "Recent", definition: "sum(amount of purchase within last 30 days) >= 30")
        try ws.createSegment(named: "Gold", definition: #"tier = "gold""#)
        try ws.refresh([], all: true, asOf: SmallWorkspace.july1)
        try ws.refresh(["Recent"], asOf: SmallWorkspace.july25)
        #expect(try ws.segments(ofCustomer: "1") == ["Gold"])
        #expect(try ws.segments(ofCustomer: "4") == ["Recent"])
        #expect(throws: SegmentLifecycleError.unknownCustomer(id: "99")) { try ws.segments(ofCustomer: "99") }
        let history = try ws.customerHistory("1", segment: "Recent")
        #expect(!history.isMember)
        #expect(history.events.map(\.kind) == ["entered", "exited"])
        #expect(history.events.map(\.at) == [SmallWorkspace.july1, SmallWorkspace.july25])
        let trend = try ws.memberTrend(named: "Recent", from: SmallWorkspace.date("2025-06-30T00:00:00+02:00"), through: SmallWorkspace.date("2025-07-31T00:00:00+02:00"))
        #expect(trend.points.map(\.day) == ["2025-07-01", "2025-07-25"])
        #expect(trend.points.map(\.memberCount) == [2, 1])
        #expect(trend.sparkline.count == 2)
    }

    @Test func afterRefreshExportsRunAndFailuresAreRecorded() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        try ws.createSegment(named: "Gold", definition: #"tier = "gold""#)
        try ws.createExport(named: "crm", path: "exports/crm", fields: ["id", "tier"], trigger: .afterRefresh, segments: ["Gold"])
        #expect(throws: SegmentLifecycleError.self) { try ws.createExport(named: "bad", path: "x", fields: ["id", "tierr"]) }
        let report = try ws.refresh(["Gold"], asOf: SmallWorkspace.july1)
        #expect(report.exports.map(\.status) == ["succeeded"])
        #expect(report.exports.first?.rowCount == 2)
        let file = ws.directory.appendingPathComponent("exports/crm/Gold.csv")
        #expect(try String(contentsOf: file, encoding: .utf8) == "id,tier\r\n1,gold\r\n3,gold\r\n")

        // A file where the folder should be: the run fails, is recorded, and says why.
        try ws.createExport(named: "broken", path: "exports/crm/Gold.csv", fields: ["id"], segments: ["Gold"])
        let failed = try ws.runExport(named: "broken")
        #expect(failed.status == "failed")
        #expect(failed.message?.contains("cannot") == true)
        #expect(try ws.exportDetail(named: "broken").recentRuns?.map(\.status) == ["failed"])
        try ws.removeSegment("Gold", fromExport: "crm")
        #expect(try ws.exports(containing: "Gold").map(\.name) == ["broken"])
    }

    @Test func overlapCountsEveryRegion() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        try ws.createSegment(named: "Gold", definition: #"tier = "gold""#)                                    // 1, 3
        try ws.createSegment(named: "Recent", definition: "sum(amount of purchase within last 30 days) >= 30")  // 1, 4
        try ws.createSegment(named: "Young", definition: "age < 40")                                            // 1, 4
        try ws.refresh([], all: true, asOf: SmallWorkspace.july1)
        let report = try ws.overlap(of: ["Gold", "Recent", "Young"])
        let intersections = Dictionary(uniqueKeysWithValues: report.intersections.map { ($0.segments.joined(separator: "&"), $0.count) })
        #expect(intersections == ["Gold&Recent": 1, "Gold&Young": 1, "Recent&Young": 2, "Gold&Recent&Young": 1])
        let exact = Dictionary(uniqueKeysWithValues: report.exactRegions.map { ($0.segments.joined(separator: "&"), $0.count) })
        #expect(exact["Gold"] == 1 && exact["Recent"] == 0 && exact["Recent&Young"] == 1 && exact["Gold&Recent&Young"] == 1)
        #expect(report.unionCount == 3)
        #expect(throws: SegmentLifecycleError.self) { try ws.overlap(of: ["Gold"]) }
    }

    @Test func differentiatorsScoreCategoriesByTVDAndNumbersBySMD() throws {
        let fixture = try SmallWorkspace(measures: [spendMeasure])
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        try ws.createSegment(named: "Gold", definition: #"tier = "gold""#)
        try ws.refresh(["Gold"], asOf: SmallWorkspace.july1)
        let report = try ws.differentiators(of: "Gold", asOf: SmallWorkspace.july1)
        let tier = try #require(report.items.first { $0.name == "tier" })
        // Segment: gold 1.0; all: gold .5, silver .25, bronze .25 → TVD = ½(.5 + .25 + .25) = .5.
        #expect(abs(tier.value - 0.5) < 1e-9)
        let age = try #require(report.items.first { $0.name == "age" })
        // Segment ages 34, 51: mean 42.5, var 144.5; all 34, 51, 38: mean 41, var 79 → d = 1.5 / sqrt(111.75).
        #expect(abs(age.value - 1.5 / 111.75.squareRoot()) < 1e-9)
        #expect(abs(age.score - erf(abs(age.value) / (2 * 2.0.squareRoot()))) < 1e-12)
        #expect(report.items.contains { $0.name == "spend" && $0.source == "measure" })
        #expect(report.items.map(\.score) == report.items.map(\.score).sorted(by: >))
    }
}
