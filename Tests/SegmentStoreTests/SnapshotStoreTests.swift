import Foundation
import Testing
@testable import SegmentStore

@Suite("Snapshots and ingest runs")
struct SnapshotStoreTests {
    private func makeStore(_ directory: TemporaryDirectory) throws -> Store {
        try Store(path: directory.path("audience.sqlite"))
    }

    @Test("a new store has no snapshots and no live one")
    func emptyStore() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        #expect(try store.liveSnapshot() == nil)
        #expect(try store.snapshots().isEmpty)
        #expect(try store.ingestRuns().isEmpty)
    }

    @Test("recording a snapshot makes it live; the live pointer moves with each new one")
    func livePointerMoves() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        let createdAt = Date(timeIntervalSince1970: 1_780_000_000.123)
        let first = try store.recordSnapshot(
            directoryName: SnapshotRecord.directoryName(number: try store.nextSnapshotNumber()),
            customers: 1000, activities: 25_000, reportJSON: #"{"rows":1000,"note":"première"}"#,
            createdAt: createdAt
        )
        #expect(first.directoryName == "gen-000001")
        #expect(first.isLive)
        #expect(first.customerCount == 1000)
        #expect(first.activityCount == 25_000)
        #expect(first.reportJSON == #"{"rows":1000,"note":"première"}"#)
        #expect(abs(first.createdAt.timeIntervalSince(createdAt)) < 0.001)
        #expect(try store.liveSnapshot() == first)

        let second = try store.recordSnapshot(
            directoryName: SnapshotRecord.directoryName(number: try store.nextSnapshotNumber()),
            customers: 1200, activities: 30_000, reportJSON: "{}"
        )
        #expect(second.directoryName == "gen-000002")
        #expect(try store.liveSnapshot()?.id == second.id)
        let all = try store.snapshots()
        #expect(all.map(\.directoryName) == ["gen-000001", "gen-000002"])
        #expect(all.map(\.isLive) == [false, true])

        try store.makeSnapshotLive(id: first.id)
        #expect(try store.liveSnapshot()?.id == first.id)
        #expect(throws: StoreError.snapshotNotFound(store: store.path, id: 99)) { try store.makeSnapshotLive(id: 99) }
    }

    @Test("the live snapshot cannot be deleted; older ones can")
    func deleteRules() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        let old = try store.recordSnapshot(directoryName: "gen-000001", customers: 1, activities: 0, reportJSON: "{}")
        let live = try store.recordSnapshot(directoryName: "gen-000002", customers: 2, activities: 0, reportJSON: "{}")

        let error = try #require(throws: StoreError.self) { try store.deleteSnapshot(id: live.id) }
        #expect(error == .snapshotIsLive(store: store.path, id: live.id, directoryName: "gen-000002"))
        #expect(error.description.contains("audience.sqlite"))
        #expect(error.description.contains("gen-000002"))
        #expect(try store.snapshots().count == 2)

        let deleted = try store.deleteSnapshot(id: old.id)
        #expect(deleted.directoryName == "gen-000001")
        #expect(try store.snapshots().map(\.id) == [live.id])
        #expect(throws: StoreError.snapshotNotFound(store: store.path, id: old.id)) { try store.deleteSnapshot(id: old.id) }

        // The schema itself refuses to delete the live snapshot, whoever asks.
        let constraint = try #require(throws: DatabaseError.self) {
            try store.write { db in try db.execute("DELETE FROM snapshots WHERE id = ?", arguments: [live.id]) }
        }
        #expect(constraint.isConstraintViolation)
        #expect(try store.liveSnapshot()?.id == live.id)
    }

    @Test("snapshot numbers are never handed out twice, even after deletion and across store instances")
    func snapshotNumbers() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        let other = try makeStore(directory)
        #expect(try store.nextSnapshotNumber() == 1)
        #expect(try other.nextSnapshotNumber() == 2)
        let recorded = try store.recordSnapshot(directoryName: "gen-000003", customers: 0, activities: 0, reportJSON: "{}")
        try store.recordSnapshot(directoryName: "gen-000004", customers: 0, activities: 0, reportJSON: "{}")
        try store.deleteSnapshot(id: recorded.id)
        #expect(try store.nextSnapshotNumber() == 3)
        // Row ids are not reused either, even after the newest row is deleted.
        let newest = try store.recordSnapshot(directoryName: "gen-000005", customers: 0, activities: 0, reportJSON: "{}")
        try store.makeSnapshotLive(id: recorded.id + 1)
        try store.deleteSnapshot(id: newest.id)
        let after = try store.recordSnapshot(directoryName: "gen-000006", customers: 0, activities: 0, reportJSON: "{}")
        #expect(after.id > newest.id)
        #expect(SnapshotRecord.directoryName(number: 7) == "gen-000007")
        #expect(SnapshotRecord.directoryName(number: 1_234_567) == "gen-1234567")
    }

    @Test("a directory name can be recorded only once, and the failure changes nothing")
    func duplicateDirectoryName() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        let first = try store.recordSnapshot(directoryName: "gen-000001", customers: 1, activities: 1, reportJSON: "{}")
        try store.makeSnapshotLive(id: first.id)
        let error = try #require(throws: DatabaseError.self) {
            try store.recordSnapshot(directoryName: "gen-000001", customers: 9, activities: 9, reportJSON: "{}")
        }
        #expect(error.isConstraintViolation)
        #expect(try store.snapshots() == [first])
    }

    @Test("ingest runs record start, success with their snapshot, and failure with the error")
    func ingestRuns() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        let started = Date(timeIntervalSince1970: 1_780_000_000)
        let failing = try store.startIngestRun(startedAt: started)
        #expect(failing.status == .running)
        #expect(failing.endedAt == nil)
        let failed = try store.finishIngestRun(
            id: failing.id,
            outcome: .failed(message: #"customers.csv:1042: column "age": "forty" is not a number"#),
            endedAt: started.addingTimeInterval(2)
        )
        #expect(failed.status == .failed)
        #expect(failed.errorMessage == #"customers.csv:1042: column "age": "forty" is not a number"#)
        #expect(try store.liveSnapshot() == nil)

        let run = try store.startIngestRun(startedAt: started.addingTimeInterval(10))
        let snapshot = try store.recordSnapshot(
            directoryName: "gen-000001", customers: 5, activities: 7, reportJSON: "{}",
            createdAt: started.addingTimeInterval(12), ingestRunID: run.id
        )
        let succeeded = try #require(try store.ingestRun(id: run.id))
        #expect(succeeded.status == .succeeded)
        #expect(succeeded.snapshotID == snapshot.id)
        let endedAt = try #require(succeeded.endedAt)
        #expect(abs(endedAt.timeIntervalSince(started) - 12) < 0.001)
        #expect(try store.ingestRuns().map(\.id) == [run.id, failing.id])
        #expect(try store.ingestRuns(limit: 1).map(\.id) == [run.id])

        let again = try #require(throws: StoreError.self) {
            try store.finishIngestRun(id: run.id, outcome: .failed(message: "late"))
        }
        #expect(again == .ingestRunAlreadyFinished(store: store.path, id: run.id, status: .succeeded))
        #expect(throws: StoreError.ingestRunNotFound(store: store.path, id: 42)) {
            try store.finishIngestRun(id: 42, outcome: .succeeded(snapshotID: nil))
        }
    }

    @Test("recording a snapshot for a run that cannot succeed rolls back the snapshot and the live pointer")
    func recordSnapshotIsAtomic() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        let before = try store.recordSnapshot(directoryName: "gen-000001", customers: 1, activities: 1, reportJSON: "{}")
        let run = try store.startIngestRun()
        try store.finishIngestRun(id: run.id, outcome: .failed(message: "disk full"))

        #expect(throws: StoreError.ingestRunAlreadyFinished(store: store.path, id: run.id, status: .failed)) {
            try store.recordSnapshot(
                directoryName: "gen-000002", customers: 2, activities: 2, reportJSON: "{}", ingestRunID: run.id
            )
        }
        #expect(try store.snapshots() == [before])
        #expect(try store.liveSnapshot() == before)
        #expect(try store.ingestRun(id: run.id)?.status == .failed)
    }

    @Test("deleting a snapshot keeps the history of the run that made it")
    func deletingKeepsRunHistory() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        let run = try store.startIngestRun()
        let old = try store.recordSnapshot(directoryName: "gen-000001", customers: 1, activities: 1, reportJSON: "{}", ingestRunID: run.id)
        try store.recordSnapshot(directoryName: "gen-000002", customers: 1, activities: 1, reportJSON: "{}")
        try store.deleteSnapshot(id: old.id)
        let kept = try #require(try store.ingestRun(id: run.id))
        #expect(kept.status == .succeeded)
        #expect(kept.snapshotID == nil)
    }
}
