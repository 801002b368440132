import Foundation
import Server
import Synchronization
import Testing

/// The job runner on its own: limits, progress, results, failures.
@Suite struct JobRunnerTests {
    struct Refused: Error {}

    /// Waits (polling, no wall-clock assertion) until `id` finishes.
    static func finished(_ runner: JobRunner, _ id: String) async throws -> Job {
        for _ in 0..<2000 {
            if let job = runner.job(id: id), job.isFinished { return job }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw RawHTTPError("job \(id) did not finish")
    }

    @Test func runsAtMostTheAllowedNumberAtOnce() async throws {
        let runner = JobRunner(maxConcurrent: 2) { _ in Job.Failure(status: 500, message: "failed") }
        let counters = Mutex((running: 0, peak: 0))
        let ids = (0..<8).map { index in
            runner.start(kind: "test") { progress in
                counters.withLock { $0.running += 1; $0.peak = max($0.peak, $0.running) }
                progress.update(0.5, note: "half")
                Thread.sleep(forTimeInterval: 0.02)
                counters.withLock { $0.running -= 1 }
                return .integer(index)
            }.id
        }
        for (index, id) in ids.enumerated() {
            let job = try await Self.finished(runner, id)
            #expect(job.status == .succeeded)
            #expect(job.result == .integer(index))
            #expect(job.note == "half")
        }
        #expect(counters.withLock { $0.peak } <= 2)
        #expect(counters.withLock { $0.peak } >= 1)
        runner.stop()
    }

    @Test func aThrowingJobFailsWithTheDescribedError() async throws {
        let runner = JobRunner(maxConcurrent: 1) { _ in Job.Failure(status: 422, message: "bad data") }
        let job = runner.start(kind: "test") { _ in throw Refused() }
        let done = try await Self.finished(runner, job.id)
        #expect(done.status == .failed)
        #expect(done.error == Job.Failure(status: 422, message: "bad data"))
        #expect(done.result == nil)
        runner.stop()
    }

    @Test func finishedJobsAreDroppedAfterTheirRetention() async throws {
        let runner = JobRunner(maxConcurrent: 1, retentionSeconds: 3600, maxRetained: 2) { _ in
            Job.Failure(status: 500, message: "failed")
        }
        var ids: [String] = []
        for index in 0..<4 {
            let id = runner.start(kind: "test") { _ in .integer(index) }.id
            _ = try await Self.finished(runner, id)
            ids.append(id)
        }
        // Only the two newest finished jobs are kept.
        #expect(runner.jobs().map(\.id) == [ids[3], ids[2]])
        #expect(runner.job(id: ids[0]) == nil)
        runner.stop()
    }

    @Test func stopFailsQueuedJobsAndRefusesNewOnes() async throws {
        let runner = JobRunner(maxConcurrent: 1) { _ in Job.Failure(status: 500, message: "failed") }
        let gate = Mutex(false)
        let blocker = runner.start(kind: "test") { _ in
            while !gate.withLock({ $0 }) { Thread.sleep(forTimeInterval: 0.005) }
            return .null
        }
        let queued = runner.start(kind: "test") { _ in .null }
        for _ in 0..<2000 where runner.job(id: blocker.id)?.status != .running {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(runner.job(id: blocker.id)?.status == .running)
        Thread.detachNewThread { Thread.sleep(forTimeInterval: 0.05); gate.withLock { $0 = true } }
        runner.stop()
        #expect(runner.job(id: blocker.id)?.status == .succeeded)
        #expect(runner.job(id: queued.id)?.status == .failed)
        #expect(runner.job(id: queued.id)?.error?.status == 503)
        let late = runner.start(kind: "test") { _ in .null }
        #expect(late.status == .failed)
    }
}
