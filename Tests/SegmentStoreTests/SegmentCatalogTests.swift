import Foundation
import Testing
@testable import SegmentStore
import Segments

@Suite("Segments: create, list, edit, rename, duplicate, tags, states, delete")
struct SegmentCatalogTests {
    typealias Support = SegmentStoreTestSupport

    @Test("a created segment reads back with its definition, tags and defaults")
    func createAndRead() throws {
        let directory = try TemporaryDirectory()
        let store = try Support.makeStore(directory)
        let created = try store.createSegment(
            NewSegment(
                name: "  High value  ", definitionJSON: Support.definition("spend"), definitionText: "spend >= 1",
                description: "Top spenders", tags: ["vip", "Q1", "VIP"]
            ),
            at: Support.start
        )
        #expect(created.name == "High value")
        #expect(created.description == "Top spenders")
        #expect(created.type == .dynamic)
        #expect(created.state == .active)
        #expect(created.schedule == .everySystemRefresh)
        #expect(created.tags == ["Q1", "vip"])
        #expect(created.definitionVersion == 1)
        #expect(created.createdAt == Support.start)
        #expect(created.updatedAt == Support.start)
        #expect(created.lastRefreshedAt == nil)
        #expect(created.memberCount == nil)
        #expect(created.lastRunStatus == nil)
        #expect(try store.segment(named: "HIGH VALUE") == created)
        #expect(try store.segment(id: created.id) == created)
        let definition = try store.currentSegmentDefinition(segmentID: created.id)
        #expect(definition.definitionJSON == Support.definition("spend"))
        #expect(definition.definitionText == "spend >= 1")
        #expect(definition.version == 1)
    }

    @Test("names are unique regardless of case; a duplicate or bad name changes nothing")
    func uniqueNames() throws {
        let directory = try TemporaryDirectory()
        let store = try Support.makeStore(directory)
        let first = try Support.create(store, "Churn risk")
        let other = try Support.create(store, "Loyal")
        let before = try Support.dump(store)

        let duplicate = try #require(throws: StoreError.self) { try Support.create(store, "churn RISK") }
        #expect(duplicate == .duplicateSegmentName(store: store.path, name: "Churn risk"))
        #expect(duplicate.description == #"audience.sqlite: a segment named "Churn risk" already exists; choose another name"#)
        #expect(throws: StoreError.duplicateSegmentName(store: store.path, name: "Churn risk")) {
            try store.renameSegment(id: other.id, to: "CHURN risk")
        }
        #expect(throws: StoreError.self) { try Support.create(store, "   ") }
        #expect(throws: StoreError.self) { try Support.create(store, "tab\there") }
        #expect(throws: StoreError.self) { try Support.create(store, String(repeating: "x", count: 201)) }
        #expect(try Support.dump(store) == before)

        // Renaming to another case of its own name is allowed.
        let renamed = try store.renameSegment(id: first.id, to: "CHURN RISK", at: Support.time(days: 1))
        #expect(renamed.name == "CHURN RISK")
        #expect(renamed.updatedAt == Support.time(days: 1))
        #expect(throws: StoreError.segmentNameNotFound(store: store.path, name: "nobody")) {
            try store.requireSegment(named: "nobody")
        }
        #expect(throws: StoreError.segmentNotFound(store: store.path, id: 999)) {
            try store.renameSegment(id: 999, to: "x")
        }
    }

    @Test("every edit keeps the previous definition with its time")
    func definitionVersions() throws {
        let directory = try TemporaryDirectory()
        let store = try Support.makeStore(directory)
        let segment = try Support.create(store, "Recent buyers")
        try store.editSegmentDefinition(
            id: segment.id, definitionJSON: Support.definition("v2"), definitionText: "v2", at: Support.time(days: 1)
        )
        let third = try store.editSegmentDefinition(
            id: segment.id, definitionJSON: Support.definition("v3"), at: Support.time(days: 2)
        )
        #expect(third.version == 3)
        #expect(third.definitionText == nil)
        let versions = try store.segmentDefinitions(segmentID: segment.id)
        #expect(versions.map(\.version) == [3, 2, 1])
        #expect(versions.map(\.createdAt) == [Support.time(days: 2), Support.time(days: 1), Support.start])
        #expect(versions.last?.definitionJSON == Support.definition("Recent buyers"))
        let current = try #require(try store.segment(id: segment.id))
        #expect(current.definitionVersion == 3)
        #expect(current.currentDefinitionID == third.id)
        #expect(current.updatedAt == Support.time(days: 2))
    }

    @Test("references: dependents are listed, cycles and unknown segments refused without change")
    func dependencies() throws {
        let directory = try TemporaryDirectory()
        let store = try Support.makeStore(directory)
        let base = try Support.create(store, "Base")
        let middle = try Support.create(store, "Middle", references: [base.id])
        let top = try Support.create(store, "Top", references: [middle.id, base.id])
        #expect(try store.dependents(ofSegment: base.id).map(\.name) == ["Middle", "Top"])
        #expect(try store.dependencies(ofSegment: top.id).map(\.name) == ["Base", "Middle"])
        #expect(try store.segmentDependencyGraph() == [middle.id: [base.id], top.id: [base.id, middle.id]])

        let before = try Support.dump(store)
        let cycle = try #require(throws: StoreError.self) {
            try store.editSegmentDefinition(id: base.id, definitionJSON: "{}", referencedSegmentIDs: [top.id])
        }
        #expect(cycle == .dependencyCycle(store: store.path, segment: "Base", referenced: "Top"))
        #expect(throws: StoreError.dependencyCycle(store: store.path, segment: "Base", referenced: "Base")) {
            try store.editSegmentDefinition(id: base.id, definitionJSON: "{}", referencedSegmentIDs: [base.id])
        }
        #expect(throws: StoreError.segmentNotFound(store: store.path, id: 77)) {
            try store.editSegmentDefinition(id: middle.id, definitionJSON: "{}", referencedSegmentIDs: [77])
        }
        #expect(throws: StoreError.segmentNotFound(store: store.path, id: 77)) {
            try Support.create(store, "Broken", references: [77])
        }
        #expect(try Support.dump(store) == before)

        // An edit replaces the references.
        try store.editSegmentDefinition(id: top.id, definitionJSON: "{}", referencedSegmentIDs: [base.id])
        #expect(try store.dependents(ofSegment: middle.id).isEmpty)
    }

    @Test("delete is refused while others depend on it or exports contain it, listing them; force removes export references")
    func deleteRules() throws {
        let directory = try TemporaryDirectory()
        let store = try Support.makeStore(directory)
        let base = try Support.create(store, "Base")
        let user = try Support.create(store, "User", references: [base.id])
        _ = try Support.create(store, "Another user", references: [base.id])
        let export = try store.createExport(NewExport(name: "CRM", path: "exports/crm", fields: ["id"], segmentIDs: [base.id]))
        let before = try Support.dump(store)

        let refused = try #require(throws: StoreError.self) { try store.deleteSegment(id: base.id) }
        #expect(refused == .segmentInUse(store: store.path, segment: "Base", dependents: ["Another user", "User"], exports: ["CRM"]))
        #expect(refused.description.contains(#"segments "Another user", "User" refer to it; export "CRM" contains it"#))
        #expect(try Support.dump(store) == before)

        // The caller rewrites the dependents (here: drops the reference) in
        // the same transaction as a forced delete.
        let deleted = try store.write { db in
            for dependent in try db.dependents(ofSegment: base.id) {
                try db.editSegmentDefinition(id: dependent.id, definitionJSON: "{}", definitionText: nil, referencedSegmentIDs: [], at: Support.time(days: 1))
            }
            return try db.deleteSegment(id: base.id, removingFromExports: true)
        }
        #expect(deleted.name == "Base")
        #expect(try store.segment(id: base.id) == nil)
        #expect(try store.exports().first?.segments == [])
        #expect(try store.exports().first?.id == export.id)
        #expect(try store.segmentDefinitions(segmentID: user.id).count == 2)
    }

    @Test("deleting a segment removes its definitions, tags, runs, memberships and history; ids are not reused")
    func deleteCascades() throws {
        let directory = try TemporaryDirectory()
        let store = try Support.makeStore(directory)
        let segment = try Support.create(store, "Gone", tags: ["a"])
        let run = try store.queueRefreshRun(segmentID: segment.id, trigger: .manual)
        try store.startRefreshRun(id: run.id)
        try store.commitRefresh(runID: run.id, members: [1, 2, 3], asOf: Support.start)
        try store.deleteSegment(id: segment.id)
        let counts = try store.read { db in
            try ["segment_definitions", "segment_tags", "refresh_runs", "memberships", "segment_history"].map { table in
                try db.prepare("SELECT count(*) FROM \(table)").singleValue(Int.self) ?? -1
            }
        }
        #expect(counts == [0, 0, 0, 0, 0])
        let next = try Support.create(store, "Gone")
        #expect(next.id > segment.id)
    }

    @Test("duplicate copies definition, references, type, tags; edit right away in the same transaction")
    func duplicate() throws {
        let directory = try TemporaryDirectory()
        let store = try Support.makeStore(directory)
        let base = try Support.create(store, "Base")
        let original = try Support.create(store, "Original", references: [base.id], type: .static, tags: ["x", "y"])
        try store.editSegmentDefinition(id: original.id, definitionJSON: Support.definition("v2"), referencedSegmentIDs: [base.id])
        let copy = try store.duplicateSegment(id: original.id, as: "Copy", at: Support.time(days: 3))
        #expect(copy.type == .static)
        #expect(copy.tags == ["x", "y"])
        #expect(copy.definitionVersion == 1)
        #expect(copy.createdAt == Support.time(days: 3))
        #expect(try store.currentSegmentDefinition(segmentID: copy.id).definitionJSON == Support.definition("v2"))
        #expect(try store.dependencies(ofSegment: copy.id).map(\.name) == ["Base"])
        #expect(throws: StoreError.duplicateSegmentName(store: store.path, name: "Original")) {
            try store.duplicateSegment(id: original.id, as: "original")
        }

        let edited = try store.write { db in
            let copy = try db.duplicateSegment(id: original.id, as: "Edited copy", at: Support.time(days: 4))
            try db.editSegmentDefinition(id: copy.id, definitionJSON: Support.definition("v3"), definitionText: nil, referencedSegmentIDs: [], at: Support.time(days: 4))
            return copy.id
        }
        #expect(try store.segmentDefinitions(segmentID: edited).map(\.version) == [2, 1])
        #expect(try store.dependencies(ofSegment: edited).isEmpty)
    }

    @Test("tags: at most 20, unique regardless of case; a refused change keeps the old tags")
    func tags() throws {
        let directory = try TemporaryDirectory()
        let store = try Support.makeStore(directory)
        let segment = try Support.create(store, "Tagged", tags: ["one"])
        let twenty = (1...20).map { "tag\($0)" }
        let full = try store.setSegmentTags(id: segment.id, twenty)
        #expect(full.tags.count == 20)
        let before = try Support.dump(store)
        let error = try #require(throws: StoreError.self) { try store.addSegmentTags(id: segment.id, ["tag21"]) }
        #expect(error == .tooManyTags(store: store.path, segment: "Tagged", count: 21, limit: 20))
        #expect(error.description == #"audience.sqlite: segment "Tagged" would have 21 tags; at most 20 are allowed"#)
        #expect(throws: StoreError.self) { try Support.create(store, "Too many", tags: (1...21).map { "t\($0)" }) }
        #expect(throws: StoreError.self) { try store.setSegmentTags(id: segment.id, ["ok", " "]) }
        #expect(try Support.dump(store) == before)

        // Re-adding an existing tag in another case does not count twice.
        #expect(try store.addSegmentTags(id: segment.id, ["TAG1"]).tags.count == 20)
        let fewer = try store.removeSegmentTags(id: segment.id, ["TAG1", "tag2", "missing"])
        #expect(fewer.tags.count == 18)
        #expect(!fewer.tags.contains("tag1"))
    }

    @Test("list filters by type, state, status, tag and name, and sorts")
    func listing() throws {
        let directory = try TemporaryDirectory()
        let store = try Support.makeStore(directory)
        let alpha = try Support.create(store, "alpha buyers", tags: ["Q1"], at: Support.time(days: 1))
        let beta = try Support.create(store, "Beta", type: .static, at: Support.time(days: 2))
        let gamma = try Support.create(store, "gamma Buyers", type: .expansion, tags: ["q1"], at: Support.time(days: 3))
        try store.setSegmentState(id: beta.id, .inactive, at: Support.time(days: 2))
        let run = try store.queueRefreshRun(segmentID: gamma.id, trigger: .manual)
        try store.startRefreshRun(id: run.id)
        try store.commitRefresh(runID: run.id, members: MemberSet(0..<10), asOf: Support.time(days: 4))
        let failing = try store.queueRefreshRun(segmentID: alpha.id, trigger: .scheduled)
        try store.failRefreshRun(id: failing.id, report: "measure spend_90d is missing")

        #expect(try store.segments().map(\.name) == ["alpha buyers", "Beta", "gamma Buyers"])
        #expect(try store.segments(SegmentFilter(type: .static)).map(\.name) == ["Beta"])
        #expect(try store.segments(SegmentFilter(state: .active)).map(\.name) == ["alpha buyers", "gamma Buyers"])
        #expect(try store.segments(SegmentFilter(lastRunStatus: .failed)).map(\.name) == ["alpha buyers"])
        #expect(try store.segments(SegmentFilter(lastRunStatus: .succeeded)).map(\.name) == ["gamma Buyers"])
        #expect(try store.segments(SegmentFilter(tag: "Q1")).map(\.name) == ["alpha buyers", "gamma Buyers"])
        #expect(try store.segments(SegmentFilter(nameContains: "BUYERS")).map(\.name) == ["alpha buyers", "gamma Buyers"])
        #expect(try store.segments(SegmentFilter(sort: .createdAt)).map(\.name) == ["gamma Buyers", "Beta", "alpha buyers"])
        #expect(try store.segments(SegmentFilter(sort: .memberCount)).map(\.name) == ["gamma Buyers", "alpha buyers", "Beta"])
        let refreshed = try #require(try store.segment(id: gamma.id))
        #expect(refreshed.memberCount == 10)
        #expect(refreshed.lastRunStatus == .succeeded)
        #expect(refreshed.lastRefreshedAt != nil)
    }

    @Test("type, description, state now and later, schedule, exemption")
    func settings() throws {
        let directory = try TemporaryDirectory()
        let store = try Support.makeStore(directory)
        let segment = try Support.create(store, "Settings")
        #expect(try store.setSegmentType(id: segment.id, .static).type == .static)
        #expect(try store.setSegmentType(id: segment.id, .dynamic).type == .dynamic)
        #expect(try store.setSegmentDescription(id: segment.id, "Who buys").description == "Who buys")
        #expect(try store.setSegmentExemptFromAutoDeactivation(id: segment.id, true).isExemptFromAutoDeactivation)

        let now = Support.time(days: 10)
        let scheduled = try store.scheduleSegmentStateChange(
            id: segment.id, activateAt: Support.time(days: 20), deactivateAt: Support.time(days: 12), now: now
        )
        #expect(scheduled.deactivateAt == Support.time(days: 12))
        #expect(scheduled.activateAt == Support.time(days: 20))
        let before = try Support.dump(store)
        let past = try #require(throws: StoreError.self) {
            try store.scheduleSegmentStateChange(id: segment.id, activateAt: Support.time(days: 9), deactivateAt: nil, now: now)
        }
        #expect(past.description.contains("the activation time 2026-03-10T12:00:00Z is not in the future"))
        #expect(try Support.dump(store) == before)

        #expect(try store.applyDueSegmentStateChanges(asOf: Support.time(days: 11)).isEmpty)
        let deactivated = try store.applyDueSegmentStateChanges(asOf: Support.time(days: 13))
        #expect(deactivated.map(\.state) == [.inactive])
        #expect(deactivated.first?.deactivateAt == nil)
        #expect(deactivated.first?.activateAt == Support.time(days: 20))
        let activated = try store.applyDueSegmentStateChanges(asOf: Support.time(days: 21))
        #expect(activated.map(\.state) == [.active])
        #expect(activated.first?.activateAt == nil)

        // Activating by hand drops a pending activation; a pending deactivation stays.
        try store.setSegmentState(id: segment.id, .inactive, at: Support.time(days: 22))
        try store.scheduleSegmentStateChange(id: segment.id, activateAt: Support.time(days: 40), deactivateAt: Support.time(days: 30), now: Support.time(days: 23))
        let manual = try store.setSegmentState(id: segment.id, .active, at: Support.time(days: 24))
        #expect(manual.activateAt == nil)
        #expect(manual.deactivateAt == Support.time(days: 30))
    }

    @Test("segment schedules are checked against the system schedule")
    func segmentSchedules() throws {
        let directory = try TemporaryDirectory()
        let store = try Support.makeStore(directory)
        let segment = try Support.create(store, "Scheduled")
        try store.setSystemSchedule(try .weekly(on: [.monday, .thursday], at: [TimeOfDay("06:00")!]))
        #expect(try store.setSegmentSchedule(id: segment.id, .weekly([.thursday])).schedule == .weekly([.thursday]))
        #expect(try store.setSegmentSchedule(id: segment.id, .monthly([1, 31])).schedule == .monthly([1, 31]))
        let before = try Support.dump(store)
        let error = try #require(throws: StoreError.self) { try store.setSegmentSchedule(id: segment.id, .weekly([.friday, .thursday])) }
        #expect(error.description == #"audience.sqlite: segment "Scheduled": schedule: weekdays: friday is not a system refresh day (the system refreshes on monday, thursday)"#)
        #expect(throws: StoreError.self) { try store.setSegmentSchedule(id: segment.id, .monthly([0, 32])) }
        #expect(throws: StoreError.self) { try store.setSegmentSchedule(id: segment.id, .weekly([])) }
        #expect(try Support.dump(store) == before)
    }
}
