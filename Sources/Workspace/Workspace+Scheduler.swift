import Foundation
import SegmentStore

/// The system refresh schedule as `schedule show` prints it.
public struct ScheduleSummary: Codable, Sendable {
    public var schedule: RefreshSchedule
    public var timeZone: String
    /// The next system refreshes.
    public var nextRuns: [Date]
    /// Up to when the scheduler has handled due work.
    public var handledThrough: Date?

    /// A few lines for the terminal.
    public func text(timeZone zone: TimeZone) -> String {
        var lines: [String]
        switch schedule.frequency {
        case .off:
            lines = ["System refresh: off (segments refresh only by hand)"]
        case .daily:
            lines = ["System refresh: daily at \(schedule.times.map(\.description).joined(separator: ", ")) (\(timeZone))"]
        case .weekly:
            lines = [
                "System refresh: weekly on \(schedule.weekdays.map(\.name).joined(separator: ", ")) "
                    + "at \(schedule.times.map(\.description).joined(separator: ", ")) (\(timeZone))"
            ]
        }
        for run in nextRuns { lines.append("  next: \(Workspace.isoText(run, timeZone: zone))") }
        return lines.joined(separator: "\n")
    }
}

/// What one `scheduler run --once` did.
public struct SchedulerReport: Codable, Sendable {
    public var now: Date
    /// Scheduled activations and deactivations applied: `name: active|inactive`.
    public var stateChanges: [String]
    /// The segments whose scheduled refresh was due.
    public var dueSegments: [String]
    public var refresh: RefreshReport?
    /// Whether the daily auto-deactivation ran (once per local day).
    public var autoDeactivationRan: Bool
    /// Segments auto-deactivated.
    public var autoDeactivated: [String]

    /// A few lines for the terminal.
    public var text: String {
        var lines: [String] = []
        for change in stateChanges { lines.append("state: \(change)") }
        if let refresh { lines.append(refresh.text) } else { lines.append("No scheduled refresh due.") }
        if autoDeactivationRan {
            lines.append(autoDeactivated.isEmpty
                ? "Auto-deactivation: no unused segments."
                : "Auto-deactivated (unused): " + autoDeactivated.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}

extension Workspace {
    /// The system refresh schedule with its next runs.
    public func systemSchedule(now: Date = Date()) throws -> ScheduleSummary {
        let schedule = try store.systemSchedule()
        return ScheduleSummary(
            schedule: schedule, timeZone: timeZone.identifier,
            nextRuns: schedule.nextRuns(after: now, timeZone: timeZone, count: 5),
            handledThrough: try store.scheduleHandledThrough())
    }

    /// Replaces the system refresh schedule. Refreshes that were due before `now` are not
    /// caught up: the scheduler starts counting from the later of `now` and what it handled.
    @discardableResult
    public func setSystemSchedule(_ schedule: RefreshSchedule, now: Date = Date()) throws -> ScheduleSummary {
        try store.write { db in
            try db.setSystemSchedule(schedule, at: now)
            if try db.scheduleHandledThrough().map({ $0 < now }) ?? true {
                try db.recordScheduleHandled(through: now)
            }
        }
        return try systemSchedule(now: now)
    }

    /// Does whatever is due at `now`: scheduled activations and deactivations, the
    /// scheduled refreshes since the last run (once, however many were missed), and the
    /// daily auto-deactivation (on the first run of each local day).
    ///
    /// Dynamic and expansion segments refresh on schedule; static ones never; inactive ones
    /// are recorded as skipped. What was handled commits with the queued runs, so a
    /// refresh is neither done twice nor lost.
    ///
    /// - Parameter autoDeactivationDays: how long a segment stays unused before it is
    ///   deactivated; nil takes `autoDeactivationDays` from `audience.json` (45 when absent).
    public func runScheduler(now: Date = Date(), autoDeactivationDays: Int? = nil) throws -> SchedulerReport {
        let unusedDays = autoDeactivationDays ?? config.autoDeactivationDays ?? SegmentRules.defaultAutoDeactivationDays
        let changes = try store.applyDueSegmentStateChanges(asOf: now)
        let handled = try store.scheduleHandledThrough()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let isNewDay = handled.map { !calendar.isDate($0, inSameDayAs: now) } ?? true

        let system = try store.systemSchedule()
        var due: [SegmentRecord] = []
        if let handled, handled < now {
            due = try store.segments().filter { record in
                record.type.refreshesOnSchedule
                    && system.isDue(since: handled, at: now, timeZone: timeZone, for: record.schedule)
            }
        }
        var refresh: RefreshReport?
        if due.isEmpty {
            if handled.map({ $0 < now }) ?? true {
                try store.write { db in try db.recordScheduleHandled(through: now) }
            }
        } else {
            let triggers = Dictionary(due.map { ($0.id, RefreshTrigger.scheduled) }, uniquingKeysWith: { first, _ in first })
            refresh = try self.refresh(due, triggers: triggers, asOf: now, inQueueTransaction: { db in
                try db.recordScheduleHandled(through: now)
            })
        }
        var deactivated: [SegmentRecord] = []
        if isNewDay {
            deactivated = try store.autoDeactivate(asOf: now, days: unusedDays)
        }
        return SchedulerReport(
            now: now,
            stateChanges: changes.map { "\($0.name): \($0.state.rawValue)" },
            dueSegments: due.map(\.name),
            refresh: refresh,
            autoDeactivationRan: isNewDay,
            autoDeactivated: deactivated.map(\.name))
    }
}
