import Foundation
import Workspace

/// Runs the workspace's scheduler inside `audience serve`: once at start, then every interval.
///
/// Each tick is `Workspace.runScheduler(now:)`: scheduled activations and deactivations,
/// the scheduled refreshes that came due, and the daily auto-deactivation. A tick that
/// fails (the workspace is busy with an ingest, a refresh fails) is logged and its work
/// stays due: the scheduler records what it handled only when it commits, so the next
/// tick picks it up.
public final class SchedulerLoop: @unchecked Sendable {  // Mutable state is guarded by `condition`.
    /// What the last tick did, for status displays.
    public struct Tick: Sendable {
        public var at: Date
        public var report: SchedulerReport?
        public var failure: String?
    }

    private let workspace: Workspace
    private let interval: TimeInterval
    private let log: @Sendable (String) -> Void
    private let condition = NSCondition()
    private var isStopped = false
    private var isRunning = false
    private var lastTick: Tick?

    /// Starts ticking on a background thread.
    ///
    /// - Parameters:
    ///   - interval: seconds between ticks (more than 0).
    ///   - log: receives one line per tick that did something or failed.
    public init(workspace: Workspace, interval: TimeInterval, log: @escaping @Sendable (String) -> Void) {
        precondition(interval > 0, "SchedulerLoop.init: interval must be positive, got \(interval)")
        self.workspace = workspace
        self.interval = interval
        self.log = log
        isRunning = true
        let thread = Thread { [self] in run() }
        thread.name = "audience-scheduler"
        thread.start()
    }

    /// What the most recent tick did (nil before the first one ends).
    public var last: Tick? {
        condition.lock()
        defer { condition.unlock() }
        return lastTick
    }

    /// Stops ticking and waits for a running tick to end. Calling it again does nothing.
    public func stop() {
        condition.lock()
        isStopped = true
        condition.broadcast()
        while isRunning { condition.wait() }
        condition.unlock()
    }

    private func run() {
        while true {
            let tick = Self.tick(workspace)
            if let line = Self.logLine(for: tick) { log(line) }
            condition.lock()
            lastTick = tick
            let wakeUp = Date().addingTimeInterval(interval)
            while !isStopped && Date() < wakeUp { _ = condition.wait(until: wakeUp) }
            if isStopped {
                isRunning = false
                condition.broadcast()
                condition.unlock()
                return
            }
            condition.unlock()
        }
    }

    static func tick(_ workspace: Workspace, now: Date = Date()) -> Tick {
        do {
            return Tick(at: now, report: try workspace.runScheduler(now: now), failure: nil)
        } catch {
            return Tick(at: now, report: nil, failure: String(describing: error))
        }
    }

    /// One line saying what a tick did, or nil when it did nothing worth a line.
    static func logLine(for tick: Tick) -> String? {
        if let failure = tick.failure { return "scheduler: \(failure); retrying at the next tick" }
        guard let report = tick.report else { return nil }
        var parts: [String] = []
        if !report.stateChanges.isEmpty { parts.append("state " + report.stateChanges.joined(separator: ", ")) }
        if let refresh = report.refresh { parts.append(refresh.text.replacingOccurrences(of: "\n", with: "; ")) }
        if !report.autoDeactivated.isEmpty {
            parts.append("auto-deactivated " + report.autoDeactivated.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        return parts.isEmpty ? nil : "scheduler: " + parts.joined(separator: "; ")
    }
}
