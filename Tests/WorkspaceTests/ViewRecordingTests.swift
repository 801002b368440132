import Foundation
import SegmentStore
import Testing
@testable import Workspace

/// Views recorded at most once an hour per segment, and previews read from the live
/// generation as opened once (and again after an ingest switches it).
@Suite struct ViewRecordingTests {
    /// Whether two instants are the same to the store's millisecond.
    static func same(_ a: Date?, _ b: Date) -> Bool {
        guard let a else { return false }
        return abs(a.timeIntervalSince(b)) < 0.002
    }

    @Test func viewsWithinTheHourWriteOnceAndALaterViewRecords() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        let gold = try ws.createSegment(named: "Gold", definition: #"tier = "gold""#)
        try ws.refresh(["Gold"], asOf: SmallWorkspace.july1)
        let first = Date()

        _ = try ws.segmentDetail(named: "Gold", now: first)
        #expect(Self.same(try ws.segmentDetail(named: "Gold", recordingView: false).segment.lastViewedAt, first))
        // A preview and a second show within the hour leave the recorded view as it was.
        _ = try ws.memberPreview(named: "Gold", now: first.addingTimeInterval(10 * 60))
        _ = try ws.segmentDetail(named: "Gold", now: first.addingTimeInterval(59 * 60))
        #expect(Self.same(try ws.segmentDetail(named: "Gold", recordingView: false).segment.lastViewedAt, first))
        #expect(try ws.store.recordSegmentView(id: gold.id, at: first.addingTimeInterval(30 * 60)) == false)

        // A view an hour or more later is written.
        let later = first.addingTimeInterval(61 * 60)
        let out = fixture.directory.appendingPathComponent("gold.csv")
        try ws.downloadMembers(named: "Gold", to: out, now: later)
        #expect(Self.same(try ws.segmentDetail(named: "Gold", recordingView: false).segment.lastViewedAt, later))
        #expect(try ws.store.recordSegmentView(id: gold.id, at: later.addingTimeInterval(2 * 3600)) == true)
    }

    @Test func aViewWithinTheAutoDeactivationPeriodStillCountsAsUse() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        let longAgo = Date().addingTimeInterval(-100 * 86_400)
        try ws.createSegment(named: "Looked at", definition: #"tier = "gold""#, at: longAgo)
        try ws.createSegment(named: "Never looked at", definition: #"tier = "silver""#, at: longAgo)
        let viewed = Date()
        _ = try ws.segmentDetail(named: "Looked at", now: viewed)
        _ = try ws.segmentDetail(named: "Looked at", now: viewed.addingTimeInterval(30 * 60))  // not written

        let days = SegmentRules.defaultAutoDeactivationDays
        let withinPeriod = viewed.addingTimeInterval(Double(days - 1) * 86_400)
        #expect(try ws.store.autoDeactivationCandidates(asOf: withinPeriod, days: days).map(\.name) == ["Never looked at"])
        let afterPeriod = viewed.addingTimeInterval(Double(days + 1) * 86_400)
        #expect(try ws.store.autoDeactivationCandidates(asOf: afterPeriod, days: days).map(\.name)
            == ["Looked at", "Never looked at"])
    }

    @Test func aViewOfAnUnknownSegmentIdThrows() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        #expect(throws: StoreError.self) { try fixture.workspace.store.recordSegmentView(id: 999) }
    }

    @Test func previewReusesTheLiveSnapshotAndSeesANewGeneration() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        try ws.createSegment(named: "Gold", definition: #"tier = "gold""#)
        try ws.refresh(["Gold"], asOf: SmallWorkspace.july1)
        #expect(try ws.memberPreview(named: "Gold", fields: ["id", "age"]).rows == [["1", "34"], ["3", "51"]])
        let opened = try ws.liveSnapshot()
        #expect(try ws.liveSnapshot() === opened)

        // Customer 1 is a year older and a new gold customer arrives; the ingest switches generation.
        try "id,age,tier,note\n1,35,gold,=cmd\n2,,silver,\"a,b\"\n3,51,gold,-x\n4,38,bronze,plain\n5,29,gold,new\n"
            .write(to: fixture.directory.appendingPathComponent("people.csv"), atomically: true, encoding: .utf8)
        let outcome = try ws.ingest()
        #expect(try ws.liveSnapshot().directory.lastPathComponent == outcome.snapshot.directoryName)
        #expect(try ws.liveSnapshot() !== opened)
        // Before a refresh the stored members are the same customers, with the new values.
        #expect(try ws.memberPreview(named: "Gold", fields: ["id", "age"]).rows == [["1", "35"], ["3", "51"]])
        try ws.refresh(["Gold"], asOf: SmallWorkspace.july1)
        #expect(try ws.memberPreview(named: "Gold", fields: ["id", "age"]).rows == [["1", "35"], ["3", "51"], ["5", "29"]])
    }
}
