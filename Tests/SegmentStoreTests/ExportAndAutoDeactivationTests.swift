import Foundation
import Testing
@testable import SegmentStore

@Suite("Exports and auto-deactivation")
struct ExportAndAutoDeactivationTests {
    typealias Support = SegmentStoreTestSupport

    @Test("an export contains segments; manage which; runs record status and row count")
    func exports() throws {
        let directory = try TemporaryDirectory()
        let store = try Support.makeStore(directory)
        let vip = try Support.create(store, "VIP")
        let churn = try Support.create(store, "Churn")
        let export = try store.createExport(
            NewExport(name: "CRM", path: "exports/crm", fields: ["id", "email"], trigger: .afterRefresh, segmentIDs: [vip.id]),
            at: Support.start
        )
        #expect(export.kind == .csvFolder)
        #expect(export.fields == ["id", "email"])
        #expect(export.segments == [vip.reference])
        let manual = try store.createExport(NewExport(name: "Ad hoc", path: "exports/adhoc", fields: ["id"]))
        #expect(manual.trigger == .onDemand)

        try store.addSegment(churn.id, toExport: manual.id)
        try store.addSegment(vip.id, toExport: manual.id)
        try store.addSegment(vip.id, toExport: manual.id)
        #expect(try store.exports(containingSegment: vip.id).map(\.name) == ["Ad hoc", "CRM"])
        #expect(try store.read { db in try db.exportsToRun(afterRefreshOf: vip.id) }.map(\.name) == ["CRM"])
        #expect(try store.requireExport(named: "crm").segments.map(\.name) == ["VIP"])
        try store.removeSegment(vip.id, fromExport: manual.id)
        #expect(try store.requireExport(named: "Ad hoc").segments.map(\.name) == ["Churn"])
        let updated = try store.updateExport(id: manual.id, fields: ["id", "city"], trigger: .afterRefresh)
        #expect(updated.fields == ["id", "city"])
        #expect(updated.path == "exports/adhoc")

        let ok = try store.startExportRun(exportID: export.id, at: Support.start)
        #expect(ok.status == .running)
        let done = try store.finishExportRun(id: ok.id, outcome: .succeeded(rowCount: 1_234), at: Support.time(hours: 1))
        #expect(done.status == .succeeded)
        #expect(done.rowCount == 1_234)
        let bad = try store.startExportRun(exportID: export.id)
        let failed = try store.finishExportRun(id: bad.id, outcome: .failed(message: "exports/crm: permission denied"))
        #expect(failed.errorMessage == "exports/crm: permission denied")
        #expect(throws: StoreError.exportRunAlreadyFinished(store: store.path, id: bad.id)) {
            try store.finishExportRun(id: bad.id, outcome: .succeeded(rowCount: 1))
        }
        #expect(try store.exportRuns(exportID: export.id).map(\.status) == [.failed, .succeeded])

        try store.deleteExport(id: manual.id)
        #expect(try store.exports().map(\.name) == ["CRM"])
    }

    @Test("bad export input is refused with a clear error and changes nothing")
    func badExports() throws {
        let directory = try TemporaryDirectory()
        let store = try Support.makeStore(directory)
        let segment = try Support.create(store, "S")
        try store.createExport(NewExport(name: "CRM", path: "out", fields: ["id"]))
        let before = try Support.dump(store)
        #expect(throws: StoreError.duplicateExportName(store: store.path, name: "CRM")) {
            try store.createExport(NewExport(name: "crm", path: "out", fields: ["id"]))
        }
        #expect(throws: StoreError.invalidExport(store: store.path, name: "X", reason: "the path is empty")) {
            try store.createExport(NewExport(name: "X", path: " ", fields: ["id"]))
        }
        #expect(throws: StoreError.invalidExport(store: store.path, name: "X", reason: "no fields to write; name at least one")) {
            try store.createExport(NewExport(name: "X", path: "out", fields: []))
        }
        #expect(throws: StoreError.invalidExport(store: store.path, name: "X", reason: "field \"id\" is listed twice")) {
            try store.createExport(NewExport(name: "X", path: "out", fields: ["id", "id"]))
        }
        #expect(throws: StoreError.segmentNotFound(store: store.path, id: 404)) {
            try store.createExport(NewExport(name: "X", path: "out", fields: ["id"], segmentIDs: [segment.id, 404]))
        }
        #expect(throws: StoreError.exportNotFound(store: store.path, id: 404)) { try store.addSegment(segment.id, toExport: 404) }
        #expect(throws: StoreError.exportNameNotFound(store: store.path, name: "nope")) { try store.requireExport(named: "nope") }
        #expect(try Support.dump(store) == before)
    }

    @Test("auto-deactivation picks active, unexempt segments unused for the window and tags them in one step")
    func autoDeactivation() throws {
        let directory = try TemporaryDirectory()
        let store = try Support.makeStore(directory)
        let asOf = Support.time(days: 100)
        let stale = try Support.create(store, "Stale")
        let exempt = try Support.create(store, "Exempt")
        try store.setSegmentExemptFromAutoDeactivation(id: exempt.id, true, at: Support.start)
        let exported = try Support.create(store, "Exported")
        try store.createExport(NewExport(name: "Out", path: "out", fields: ["id"], segmentIDs: [exported.id]))
        let referenced = try Support.create(store, "Referenced")
        _ = try Support.create(store, "Referrer", references: [referenced.id], at: Support.time(days: 90))
        let viewed = try Support.create(store, "Viewed")
        try store.recordSegmentView(id: viewed.id, at: Support.time(days: 80))
        let refreshedByHand = try Support.create(store, "Refreshed by hand")
        try store.queueRefreshRun(segmentID: refreshedByHand.id, trigger: .manual, at: Support.time(days: 70))
        let refreshedOnSchedule = try Support.create(store, "Scheduled only")
        try store.queueRefreshRun(segmentID: refreshedOnSchedule.id, trigger: .scheduled, at: Support.time(days: 99))
        let edited = try Support.create(store, "Edited")
        try store.setSegmentDescription(id: edited.id, "recent", at: Support.time(days: 60))
        let inactive = try Support.create(store, "Already inactive")
        try store.setSegmentState(id: inactive.id, .inactive, at: Support.start)

        let candidates = try store.autoDeactivationCandidates(asOf: asOf)
        #expect(candidates.map(\.name) == ["Scheduled only", "Stale"])
        #expect(try store.autoDeactivationCandidates(asOf: asOf, days: 20).map(\.name)
            == ["Edited", "Refreshed by hand", "Scheduled only", "Stale"])

        let done = try store.autoDeactivate(asOf: asOf)
        #expect(done.map(\.name) == ["Scheduled only", "Stale"])
        #expect(done.allSatisfy { $0.state == .inactive && $0.tags.contains(SegmentRules.autoDeactivatedTag) })
        #expect(try store.autoDeactivationCandidates(asOf: asOf).isEmpty)
        #expect(try store.segment(id: stale.id)?.updatedAt == asOf)
    }

    @Test("deactivate refuses unknown ids before changing any and tags past the limit")
    func deactivateIDs() throws {
        let directory = try TemporaryDirectory()
        let store = try Support.makeStore(directory)
        let full = try Support.create(store, "Full", tags: (1...20).map { "t\($0)" })
        let before = try Support.dump(store)
        #expect(throws: StoreError.segmentNotFound(store: store.path, id: 999)) { try store.deactivate(ids: [full.id, 999]) }
        #expect(try Support.dump(store) == before)
        let result = try store.deactivate(ids: [full.id])
        #expect(result.first?.tags.count == 21)
        #expect(result.first?.state == .inactive)
    }
}
