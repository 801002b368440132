import Foundation
import SegmentStore
import Testing
@testable import Workspace

@Suite struct SegmentLifecycleTests {
    @Test func createEditAndVersionsKeepEveryDefinition() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        try ws.createSegment(named: "Gold", definition: #"tier = "gold""#, description: "Gold tier", tags: ["crm"])
        let edited = try ws.editSegment(named: "gold", definition: #"tier in ("gold", "silver")"#)
        #expect(edited.definitionVersion == 2)
        let versions = try ws.segmentVersions(named: "Gold")
        #expect(versions.map(\.version) == [2, 1])
        #expect(versions[1].definition == #"tier = "gold""#)
        #expect(versions[0].isCurrent && !versions[1].isCurrent)
        let detail = try ws.segmentDetail(named: "GOLD")
        #expect(detail.segment.description == "Gold tier")
        #expect(detail.segment.tags == ["crm"])
        #expect(detail.segment.lastViewedAt != nil)
    }

    @Test func badInputIsRefusedAndChangesNothing() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        try ws.createSegment(named: "Gold", definition: #"tier = "gold""#)

        #expect(throws: StoreError.self) { try ws.createSegment(named: "gold", definition: "age > 3") }
        let unknown = #expect(throws: SegmentLifecycleError.self) { try ws.editSegment(named: "Gld", definition: "age > 3") }
        #expect(unknown?.description.contains(#"did you mean "Gold"?"#) == true)
        #expect(throws: (any Error).self) { try ws.editSegment(named: "Gold", definition: #"tierr = "gold""#) }
        #expect(throws: (any Error).self) { try ws.createSegment(named: "Loop", definition: #"in segment "Loop""#) }
        let tags = (0..<21).map { "t\($0)" }
        let tooMany = #expect(throws: StoreError.self) { try ws.tagSegment(named: "Gold", adding: tags) }
        #expect(tooMany?.description.contains("at most 20") == true)
        #expect(throws: StoreError.self) {
            try ws.setSegmentState(named: "Gold", .inactive, at: SmallWorkspace.july1, now: SmallWorkspace.july25)
        }

        let segments = try ws.segments()
        #expect(segments.map(\.name) == ["Gold"])
        #expect(segments[0].definitionVersion == 1)
        #expect(segments[0].tags.isEmpty)
        #expect(segments[0].deactivateAt == nil && segments[0].state == "active")
        #expect(FailureKind(of: StoreError.duplicateSegmentName(store: "s", name: "x")) == .badInput)
        #expect(FailureKind(of: SegmentLifecycleError.unknownSegment(name: "x", suggestion: nil)) == .badInput)
    }

    @Test func renameRewritesTheDefinitionsReferringToIt() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        try ws.createSegment(named: "Gold", definition: #"tier = "gold""#)
        try ws.createSegment(named: "Older gold", definition: #"in segment "Gold" and age > 40"#)
        try ws.renameSegment(named: "Gold", to: "Golden")
        let dependent = try ws.segmentDetail(named: "Older gold")
        #expect(dependent.definition == #"in segment "Golden" and age > 40"#)
        #expect(dependent.dependsOn == ["Golden"])
        let report = try ws.refresh(["Older gold"], asOf: SmallWorkspace.july1)
        #expect(report.runs.map(\.status) == ["succeeded", "succeeded"])
        #expect(try fixture.memberIDs("Older gold") == ["3"])
        #expect(throws: StoreError.self) { try ws.renameSegment(named: "Golden", to: "older GOLD") }
    }

    @Test func deleteIsRefusedWhileUsedAndForceRemovesTheReferences() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        try ws.createSegment(named: "Gold", definition: #"tier = "gold""#)
        try ws.createSegment(named: "Mixed", definition: #"in segment "Gold" or age < 36 union tier = "bronze""#)
        try ws.createExport(named: "crm", path: "exports/crm", fields: ["id"], segments: ["Gold"])

        let refused = #expect(throws: StoreError.self) { try ws.deleteSegment(named: "Gold") }
        #expect(refused?.description.contains("\"Mixed\"") == true)
        #expect(refused?.description.contains("\"crm\"") == true)
        #expect(try ws.segments().count == 2)

        try ws.deleteSegment(named: "Gold", force: true)
        #expect(try ws.segments().map(\.name) == ["Mixed"])
        #expect(try ws.segmentDetail(named: "Mixed").definition == #"age < 36 union tier = "bronze""#)
        #expect(try ws.exportDetail(named: "crm").segments.isEmpty)
    }

    @Test func forcedDeleteRefusesToEmptyADependent() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        try ws.createSegment(named: "Gold", definition: #"tier = "gold""#)
        try ws.createSegment(named: "Copy", definition: #"in segment "Gold""#)
        #expect(throws: SegmentLifecycleError.wouldEmptyDefinition(segment: "Gold", dependent: "Copy")) {
            try ws.deleteSegment(named: "Gold", force: true)
        }
        #expect(try ws.segments().count == 2)
    }

    @Test func duplicateCopiesAndCanEditRightAway() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        try ws.createSegment(named: "Gold", definition: #"tier = "gold""#, tags: ["crm"])
        let copy = try ws.duplicateSegment(named: "Gold", as: "Gold 40+", definition: #"tier = "gold" and age > 40"#)
        #expect(copy.tags == ["crm"])
        #expect(copy.definitionVersion == 2)
        try ws.refresh([], all: true, asOf: SmallWorkspace.july1)
        #expect(try fixture.memberIDs("Gold 40+") == ["3"])
        #expect(try fixture.memberIDs("Gold") == ["1", "3"])
    }

    @Test func typesStatesAndScheduledStateChanges() throws {
        let fixture = try SmallWorkspace()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        try ws.createSegment(named: "Gold", definition: #"tier = "gold""#, at: SmallWorkspace.july1)
        #expect(try ws.setSegmentType(named: "Gold", .static).type == "static")
        #expect(try ws.setSegmentType(named: "Gold", .dynamic).type == "dynamic")
        #expect(try ws.setSegmentState(named: "Gold", .inactive, now: SmallWorkspace.july1).state == "inactive")
        let later = SmallWorkspace.date("2025-07-10T08:00:00+02:00")
        let scheduled = try ws.setSegmentState(named: "Gold", .active, at: later, now: SmallWorkspace.july1)
        #expect(scheduled.activateAt == later && scheduled.state == "inactive")
        let before = try ws.runScheduler(now: SmallWorkspace.date("2025-07-09T08:00:00+02:00"))
        #expect(before.stateChanges.isEmpty)
        let after = try ws.runScheduler(now: SmallWorkspace.date("2025-07-10T08:00:00+02:00"))
        #expect(after.stateChanges == ["Gold: active"])
        #expect(try ws.segmentDetail(named: "Gold").segment.state == "active")
    }
}
