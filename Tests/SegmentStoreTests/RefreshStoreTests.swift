import Foundation
import Testing
@testable import SegmentStore
import Segments

@Suite("Refresh runs, memberships and history")
struct RefreshStoreTests {
    typealias Support = SegmentStoreTestSupport

    /// Queues, starts and commits a refresh of `segmentID` with `members` as of `asOf`.
    @discardableResult
    private func refresh(_ store: Store, _ segmentID: Int64, _ members: MemberSet, asOf: Date, keeping: Int = 30) throws -> RefreshRunRecord {
        let run = try store.queueRefreshRun(segmentID: segmentID, trigger: .scheduled, at: asOf)
        try store.startRefreshRun(id: run.id, at: asOf)
        return try store.commitRefresh(runID: run.id, members: members, asOf: asOf, endedAt: asOf.addingTimeInterval(1.5), keeping: keeping)
    }

    @Test("a run moves queued → refreshing → succeeded with counts, start, end and duration")
    func runLifecycle() throws {
        let directory = try TemporaryDirectory()
        let store = try Support.makeStore(directory)
        let segment = try Support.create(store, "Lifecycle")
        let snapshot = try store.recordSnapshot(directoryName: "gen-000001", customers: 10, activities: 0, reportJSON: "{}")
        let queued = try store.queueRefreshRun(segmentID: segment.id, trigger: .manual, at: Support.start)
        #expect(queued.status == .queued)
        #expect(queued.trigger == .manual)
        #expect(queued.startedAt == nil)
        #expect(try store.segment(id: segment.id)?.lastUsedAt == Support.start)
        #expect(try store.unfinishedRefreshRuns().map(\.id) == [queued.id])

        let started = try store.startRefreshRun(id: queued.id, snapshotID: snapshot.id, at: Support.time(hours: 1))
        #expect(started.status == .refreshing)
        #expect(started.snapshotID == snapshot.id)
        let done = try store.commitRefresh(
            runID: queued.id, members: [1, 2, 3], asOf: Support.time(hours: 1), endedAt: Support.time(hours: 1).addingTimeInterval(2.25)
        )
        #expect(done.status == .succeeded)
        #expect(done.memberCount == 3)
        #expect(done.enteredCount == 3)
        #expect(done.exitedCount == 0)
        #expect(done.durationMilliseconds == 2_250)
        #expect(try store.unfinishedRefreshRuns().isEmpty)
        #expect(try store.lastSuccessfulRefreshRun(segmentID: segment.id) == done)
        let record = try #require(try store.segment(id: segment.id))
        #expect(record.lastRefreshedAt == done.endedAt)
        #expect(record.memberCount == 3)

        // Records encode as JSON for `--json` output and read back unchanged.
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        #expect(try decoder.decode(SegmentRecord.self, from: encoder.encode(record)) == record)
        #expect(try decoder.decode(RefreshRunRecord.self, from: encoder.encode(done)) == done)
    }

    @Test("runs refuse moves their status does not allow, changing nothing")
    func runTransitions() throws {
        let directory = try TemporaryDirectory()
        let store = try Support.makeStore(directory)
        let segment = try Support.create(store, "Transitions")
        let queued = try store.queueRefreshRun(segmentID: segment.id, trigger: .scheduled)
        let before = try Support.dump(store)
        #expect(throws: StoreError.refreshRunTransition(store: store.path, id: queued.id, from: .queued, to: .succeeded)) {
            try store.commitRefresh(runID: queued.id, members: [1], asOf: Support.start)
        }
        #expect(try Support.dump(store) == before)

        let skipped = try store.skipRefreshRun(id: queued.id, reason: "inactive at a scheduled refresh")
        #expect(skipped.status == .skipped)
        #expect(skipped.skipReason == "inactive at a scheduled refresh")
        #expect(skipped.startedAt == nil)
        #expect(skipped.durationMilliseconds == nil)
        #expect(throws: StoreError.refreshRunTransition(store: store.path, id: queued.id, from: .skipped, to: .refreshing)) {
            try store.startRefreshRun(id: queued.id)
        }

        let failing = try store.queueRefreshRun(segmentID: segment.id, trigger: .dependency)
        try store.startRefreshRun(id: failing.id, at: Support.start)
        let failed = try store.failRefreshRun(id: failing.id, report: #"measure "spend_90d" is not defined"#, at: Support.time(hours: 1))
        #expect(failed.status == .failed)
        #expect(failed.errorReport == #"measure "spend_90d" is not defined"#)
        #expect(failed.durationMilliseconds == 3_600_000)
        #expect(throws: StoreError.refreshRunTransition(store: store.path, id: failing.id, from: .failed, to: .canceled)) {
            try store.cancelRefreshRun(id: failing.id)
        }
        let canceling = try store.queueRefreshRun(segmentID: segment.id, trigger: .manual)
        try store.startRefreshRun(id: canceling.id)
        #expect(try store.cancelRefreshRun(id: canceling.id).status == .canceled)
        #expect(throws: StoreError.refreshRunNotFound(store: store.path, id: 12345)) { try store.startRefreshRun(id: 12345) }
        #expect(throws: StoreError.segmentNotFound(store: store.path, id: 999)) {
            try store.queueRefreshRun(segmentID: 999, trigger: .manual)
        }
        #expect(try store.refreshRuns(segmentID: segment.id).map(\.status) == [.canceled, .failed, .skipped])
        #expect(try store.recentRefreshRuns(limit: 2).map(\.status) == [.canceled, .failed])
        // Nothing succeeded: never refreshed.
        #expect(try store.segment(id: segment.id)?.lastRefreshedAt == nil)
        #expect(try store.currentMembers(segmentID: segment.id) == nil)
    }

    @Test("entered and exited count against the previous membership")
    func enteredExited() throws {
        let directory = try TemporaryDirectory()
        let store = try Support.makeStore(directory)
        let segment = try Support.create(store, "Churn")
        let first = try refresh(store, segment.id, MemberSet(0..<1_000), asOf: Support.time(days: 1))
        #expect([first.memberCount, first.enteredCount, first.exitedCount] == [1_000, 1_000, 0])
        let second = try refresh(store, segment.id, MemberSet(500..<2_000), asOf: Support.time(days: 2))
        #expect([second.memberCount, second.enteredCount, second.exitedCount] == [1_500, 1_000, 500])
        let third = try refresh(store, segment.id, MemberSet(), asOf: Support.time(days: 3))
        #expect([third.memberCount, third.enteredCount, third.exitedCount] == [0, 0, 1_500])
        let fourth = try refresh(store, segment.id, [7], asOf: Support.time(days: 4))
        #expect([fourth.memberCount, fourth.enteredCount, fourth.exitedCount] == [1, 1, 0])
        #expect(try store.currentMembers(segmentID: segment.id) == [7])
        #expect(try store.members(segmentID: segment.id, refreshRunID: second.id) == MemberSet(500..<2_000))
        let history = try store.history(segmentID: segment.id)
        #expect(history.map(\.memberCount) == [1_000, 1_500, 0, 1])
        #expect(history.map(\.enteredCount) == [1_000, 1_000, 0, 1])
        #expect(history.map(\.exitedCount) == [0, 500, 1_500, 0])
        #expect(history.map(\.effectiveAt) == (1...4).map { Support.time(days: Double($0)) })
    }

    @Test("commitRefresh is atomic: an error after it in the same transaction leaves membership, history and run as before")
    func commitIsAtomic() throws {
        struct Interrupted: Error {}
        let directory = try TemporaryDirectory()
        let store = try Support.makeStore(directory)
        let segment = try Support.create(store, "Atomic")
        try refresh(store, segment.id, [1, 2, 3], asOf: Support.time(days: 1))
        let run = try store.queueRefreshRun(segmentID: segment.id, trigger: .scheduled)
        try store.startRefreshRun(id: run.id)
        let before = try Support.dump(store)

        #expect(throws: Interrupted.self) {
            try store.write { db in
                try db.commitRefresh(runID: run.id, members: [9, 10], asOf: Support.time(days: 2), endedAt: Support.time(days: 2))
                throw Interrupted()
            }
        }
        #expect(try Support.dump(store) == before)
        #expect(try store.currentMembers(segmentID: segment.id) == [1, 2, 3])
        #expect(try store.refreshRun(id: run.id)?.status == .refreshing)
        #expect(try store.history(segmentID: segment.id).count == 1)

        // The same run can still commit afterwards.
        let done = try store.commitRefresh(runID: run.id, members: [9, 10], asOf: Support.time(days: 2))
        #expect(done.enteredCount == 2)
        #expect(done.exitedCount == 3)
    }

    @Test("memberships are pruned to the newest N; history rows stay")
    func pruning() throws {
        let directory = try TemporaryDirectory()
        let store = try Support.makeStore(directory)
        let segment = try Support.create(store, "Pruned")
        let other = try Support.create(store, "Other")
        try refresh(store, other.id, [1], asOf: Support.start, keeping: 2)
        var runs: [RefreshRunRecord] = []
        for day in 0..<6 {
            runs.append(try refresh(store, segment.id, MemberSet(UInt32(day)..<UInt32(day + 10)), asOf: Support.time(days: Double(day)), keeping: 3))
        }
        let kept = try store.memberships(segmentID: segment.id)
        #expect(kept.map(\.refreshRunID) == runs.suffix(3).reversed().map(\.id))
        #expect(kept.allSatisfy { $0.memberCount == 10 && $0.bitmapByteCount > 0 })
        #expect(try store.history(segmentID: segment.id).count == 6)
        #expect(try store.memberships(segmentID: other.id).count == 1)
        #expect(throws: StoreError.membershipNotFound(store: store.path, segment: "Pruned", refreshRunID: runs[0].id)) {
            try store.members(segmentID: segment.id, refreshRunID: runs[0].id)
        }
        // Entered/exited still compare with the newest kept membership.
        let last = try refresh(store, segment.id, MemberSet(5..<15), asOf: Support.time(days: 7), keeping: 3)
        #expect(last.enteredCount == 0)
        #expect(last.exitedCount == 0)
    }

    @Test("when did a customer enter or leave a segment; which segments is a customer in")
    func customerQueries() throws {
        let directory = try TemporaryDirectory()
        let store = try Support.makeStore(directory)
        let segment = try Support.create(store, "Walk")
        let other = try Support.create(store, "another")
        let never = try Support.create(store, "Never refreshed")
        let r1 = try refresh(store, segment.id, [1, 2], asOf: Support.time(days: 1), keeping: 3)
        let r2 = try refresh(store, segment.id, [2, 3], asOf: Support.time(days: 2), keeping: 3)
        let r3 = try refresh(store, segment.id, [1, 3], asOf: Support.time(days: 3), keeping: 3)
        try refresh(store, other.id, [3, 4], asOf: Support.time(days: 3))

        let one = try store.membershipHistory(customer: 1, segmentID: segment.id)
        #expect(one.events == [
            MembershipEvent(kind: .entered, at: Support.time(days: 1), refreshRunID: r1.id),
            MembershipEvent(kind: .exited, at: Support.time(days: 2), refreshRunID: r2.id),
            MembershipEvent(kind: .entered, at: Support.time(days: 3), refreshRunID: r3.id),
        ])
        #expect(one.isMember)
        #expect(!one.enteredBeforeKeptHistory)
        let two = try store.membershipHistory(customer: 2, segmentID: segment.id)
        #expect(two.events.map(\.kind) == [.entered, .exited])
        #expect(!two.isMember)
        #expect(try store.membershipHistory(customer: 99, segmentID: segment.id).events.isEmpty)

        // After pruning the first membership, customer 2's entry is older than the kept history.
        try refresh(store, segment.id, [1, 2, 3], asOf: Support.time(days: 4), keeping: 3)
        try refresh(store, segment.id, [1, 2, 3], asOf: Support.time(days: 5), keeping: 3)
        let three = try store.membershipHistory(customer: 3, segmentID: segment.id)
        #expect(three.enteredBeforeKeptHistory)
        #expect(three.events.isEmpty)
        #expect(three.isMember)

        #expect(try store.segmentsContaining(customer: 3).map(\.name) == ["another", "Walk"])
        #expect(try store.segmentsContaining(customer: 4).map(\.name) == ["another"])
        #expect(try store.segmentsContaining(customer: 1_000).isEmpty)
        #expect(try store.currentMembers(segmentID: never.id) == nil)
    }

    @Test("a corrupt stored bitmap throws an error naming the segment and run")
    func corruptBitmap() throws {
        let directory = try TemporaryDirectory()
        let store = try Support.makeStore(directory)
        let segment = try Support.create(store, "Corrupt")
        let run = try refresh(store, segment.id, [1, 2, 3], asOf: Support.start)
        try store.write { db in
            try db.execute("UPDATE memberships SET member_bitmap = x'3A30000001000000'")
        }
        let error = try #require(throws: MemberSetError.self) { try store.currentMembers(segmentID: segment.id) }
        #expect(error.description.hasPrefix("audience.sqlite: segment \(segment.id), refresh run \(run.id): member bitmap: truncated"))
    }

    @Test("the daily trend keeps the last count of each local day and sums entered and exited")
    func dailyTrend() throws {
        let directory = try TemporaryDirectory()
        let store = try Support.makeStore(directory)
        let segment = try Support.create(store, "Trend")
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        // 2026-03-01 12:00 UTC is 13:00 in Berlin; 23:30 UTC is already the next day there.
        try refresh(store, segment.id, MemberSet(0..<10), asOf: Support.time(hours: 0))
        try refresh(store, segment.id, MemberSet(0..<12), asOf: Support.time(hours: 6))
        try refresh(store, segment.id, MemberSet(2..<12), asOf: Support.time(hours: 11.5))
        try refresh(store, segment.id, MemberSet(2..<20), asOf: Support.time(days: 3))
        let points = try store.dailyMemberCounts(
            segmentID: segment.id, from: Support.time(days: -1), through: Support.time(days: 7), timeZone: berlin
        )
        #expect(points.map(\.day) == ["2026-03-01", "2026-03-02", "2026-03-04"])
        #expect(points.map(\.memberCount) == [12, 10, 18])
        #expect(points.map(\.enteredCount) == [12, 0, 8])
        #expect(points.map(\.exitedCount) == [0, 2, 0])
        #expect(points.map(\.refreshCount) == [2, 1, 1])
        #expect(points.first?.dayStart == Support.time(hours: -13))

        let utc = try store.dailyMemberCounts(
            segmentID: segment.id, from: Support.time(days: -1), through: Support.time(days: 1), timeZone: TimeZone(identifier: "UTC")!
        )
        #expect(utc.map(\.day) == ["2026-03-01"])
        #expect(utc.map(\.memberCount) == [10])
        let window = try store.history(segmentID: segment.id, from: Support.time(hours: 5), through: Support.time(hours: 12))
        #expect(window.map(\.memberCount) == [12, 10])
    }
}
