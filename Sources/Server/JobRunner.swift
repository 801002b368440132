import Foundation
import Synchronization

/// Runs long work in the background, at most `maxConcurrent` at once, and keeps the outcome a while.
///
/// `start` returns at once with a queued job; worker threads take jobs in the order
/// they were started. A finished job stays readable for `retentionSeconds`, and at
/// most `maxRetained` finished jobs are kept (the oldest go first).
public final class JobRunner: Sendable {
    /// The work of a job: reports progress, returns its result or throws.
    public typealias Work = @Sendable (JobProgress) throws -> JSONValue

    private struct State {
        var jobs: [String: Job] = [:]
        /// Ids in start order, for listing and for dropping the oldest.
        var order: [String] = []
        var queue: [(id: String, work: Work)] = []
        var workers = 0
        var isStopped = false
    }

    public let maxConcurrent: Int
    public let retentionSeconds: Double
    public let maxRetained: Int
    private let state = Mutex(State())
    private let idle = Condition()
    private let describeFailure: @Sendable (any Error) -> Job.Failure

    /// Creates a runner; `describeFailure` turns a thrown error into what the client may see.
    public init(
        maxConcurrent: Int = 2, retentionSeconds: Double = 3600, maxRetained: Int = 500,
        describeFailure: @escaping @Sendable (any Error) -> Job.Failure
    ) {
        precondition(maxConcurrent >= 1, "JobRunner.init: maxConcurrent must be at least 1")
        self.maxConcurrent = maxConcurrent
        self.retentionSeconds = retentionSeconds
        self.maxRetained = maxRetained
        self.describeFailure = describeFailure
    }

    /// Queues `work` as a job of `kind` and returns the job as it is now (queued).
    ///
    /// After `stop()` the job is recorded as failed with status 503 right away.
    public func start(kind: String, work: @escaping Work) -> Job {
        let job = Job(
            id: Self.makeID(), kind: kind, status: .queued, progress: 0, note: nil,
            createdAt: Date(), startedAt: nil, finishedAt: nil, result: nil, error: nil)
        let spawn = state.withLock { state -> Bool in
            prune(&state, now: Date())
            state.jobs[job.id] = job
            state.order.append(job.id)
            if state.isStopped {
                state.jobs[job.id]?.status = .failed
                state.jobs[job.id]?.finishedAt = Date()
                state.jobs[job.id]?.error = Job.Failure(status: 503, message: "the server is shutting down")
                return false
            }
            state.queue.append((job.id, work))
            guard state.workers < maxConcurrent else { return false }
            state.workers += 1
            return true
        }
        if spawn {
            let thread = Thread { [self] in drain() }
            thread.name = "audience-job"
            thread.start()
        }
        return self.job(id: job.id) ?? job
    }

    /// The job with `id`, or `nil` when there is none (or it was dropped after finishing).
    public func job(id: String) -> Job? {
        state.withLock { state in
            prune(&state, now: Date())
            return state.jobs[id]
        }
    }

    /// Every retained job, newest first.
    public func jobs() -> [Job] {
        state.withLock { state in
            prune(&state, now: Date())
            return state.order.reversed().compactMap { state.jobs[$0] }
        }
    }

    /// Fails the queued jobs, refuses new ones, and waits for the running ones to finish.
    public func stop() {
        state.withLock { state in
            state.isStopped = true
            for (id, _) in state.queue {
                state.jobs[id]?.status = .failed
                state.jobs[id]?.finishedAt = Date()
                state.jobs[id]?.error = Job.Failure(status: 503, message: "the server stopped before the job ran")
            }
            state.queue.removeAll()
        }
        idle.wait(until: { state.withLock { $0.workers == 0 } })
    }

    /// A worker thread's loop: run queued jobs until the queue is empty.
    private func drain() {
        while true {
            let next = state.withLock { state -> (id: String, work: Work)? in
                guard !state.queue.isEmpty else {
                    state.workers -= 1
                    return nil
                }
                let next = state.queue.removeFirst()
                state.jobs[next.id]?.status = .running
                state.jobs[next.id]?.startedAt = Date()
                return next
            }
            guard let next else {
                idle.signal()
                return
            }
            run(id: next.id, work: next.work)
        }
    }

    private func run(id: String, work: Work) {
        let progress = JobProgress { [self] fraction, note in
            state.withLock { state in
                state.jobs[id]?.progress = fraction
                if let note { state.jobs[id]?.note = note }
            }
        }
        let outcome: Result<JSONValue, any Error>
        do {
            outcome = .success(try work(progress))
        } catch {
            outcome = .failure(error)
        }
        let failure: Job.Failure?
        if case .failure(let error) = outcome { failure = describeFailure(error) } else { failure = nil }
        state.withLock { state in
            state.jobs[id]?.finishedAt = Date()
            switch outcome {
            case .success(let result):
                state.jobs[id]?.status = .succeeded
                state.jobs[id]?.progress = 1
                state.jobs[id]?.result = result
            case .failure:
                state.jobs[id]?.status = .failed
                state.jobs[id]?.error = failure
            }
        }
    }

    /// Drops finished jobs past their retention, then the oldest finished ones over `maxRetained`.
    private func prune(_ state: inout State, now: Date) {
        var finished = state.order.filter { state.jobs[$0]?.isFinished == true }
        let expired = finished.filter { id in
            guard let end = state.jobs[id]?.finishedAt else { return false }
            return now.timeIntervalSince(end) > retentionSeconds
        }
        var dropped = Set(expired)
        finished.removeAll { dropped.contains($0) }
        if finished.count > maxRetained {
            dropped.formUnion(finished.prefix(finished.count - maxRetained))
        }
        guard !dropped.isEmpty else { return }
        for id in dropped { state.jobs[id] = nil }
        state.order.removeAll { dropped.contains($0) }
    }

    /// 128 random bits in hex.
    private static func makeID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let value = generator.next() as UInt64
            let hex = String(value, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
