import Foundation
import Testing
@testable import SegmentStore
import Segments

@Suite("Refreshes from several connections")
struct RefreshConcurrencyTests {
    typealias Support = SegmentStoreTestSupport

    @Test("two stores on one file refreshing at once: every commit lands, counts chain, readers see whole refreshes")
    func twoConnectionsRefreshing() async throws {
        let directory = try TemporaryDirectory()
        let first = try Support.makeStore(directory)
        let second = try Store(path: directory.path("audience.sqlite"), busyTimeout: .seconds(30))
        let shared = try Support.create(first, "Shared")
        let rounds = 20
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (offset, store) in [first, second].enumerated() {
                group.addTask {
                    for round in 0..<rounds {
                        let size = UInt32(100 + round * 10 + offset)
                        let members = MemberSet(0..<size)
                        try store.write { db in
                            let run = try db.queueRefreshRun(segmentID: shared.id, trigger: .manual, at: Support.start)
                            try db.startRefreshRun(id: run.id, at: Support.start)
                            try db.commitRefresh(runID: run.id, members: members, asOf: Support.start, endedAt: Support.start, keeping: 5)
                        }
                        // A reader sees a membership and a history row of the same refresh.
                        let (count, latest) = try store.read { db in
                            (try db.currentMembers(segmentID: shared.id)?.count, try db.history(segmentID: shared.id).last?.memberCount)
                        }
                        #expect(count == latest)
                    }
                }
            }
            try await group.waitForAll()
        }
        let history = try first.history(segmentID: shared.id)
        #expect(history.count == 2 * rounds)
        // Each refresh's entered/exited is relative to the one committed just before it.
        for (previous, next) in zip(history, history.dropFirst()) {
            #expect(next.memberCount - previous.memberCount == next.enteredCount - next.exitedCount)
        }
        #expect(try first.memberships(segmentID: shared.id).count == 5)
        #expect(try first.refreshRuns(segmentID: shared.id, limit: 100).allSatisfy { $0.status == .succeeded })
    }
}
