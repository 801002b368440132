import CustomerData
import Foundation
import SegmentStore
import Segments

/// What a refresh did: one run per segment in refresh order, and the exports it ran.
public struct RefreshReport: Codable, Sendable {
    /// The instant the definitions were evaluated as of.
    public var asOf: Date
    /// One run per segment, dependencies first.
    public var runs: [RefreshRunSummary]
    /// The exports run after the refresh (trigger `after-refresh`).
    public var exports: [ExportRunSummary]
    /// Runs of an earlier process that died mid-refresh, marked failed before this one started.
    public var abandonedRunCount: Int
    public var seconds: Double

    /// The runs that did not succeed.
    public var problems: [RefreshRunSummary] {
        runs.filter { $0.status != RefreshRunStatus.succeeded.rawValue }
    }

    /// Whether every run succeeded and every export too.
    public var isSuccess: Bool {
        problems.allSatisfy { $0.status == RefreshRunStatus.skipped.rawValue }
            && exports.allSatisfy { $0.status != ExportRunStatus.failed.rawValue }
    }

    /// A few lines for the terminal: one per segment.
    public var text: String {
        var lines: [String] = []
        let width = min(40, runs.map(\.segment.count).max() ?? 0)
        for run in runs {
            let name = run.segment.padding(toLength: max(width, run.segment.count), withPad: " ", startingAt: 0)
            switch run.status {
            case RefreshRunStatus.succeeded.rawValue:
                lines.append(
                    "\(name)  succeeded  \((run.memberCount ?? 0).grouped) members "
                        + "(+\((run.enteredCount ?? 0).grouped) −\((run.exitedCount ?? 0).grouped)), "
                        + "\(run.durationMilliseconds ?? 0) ms")
            default:
                lines.append("\(name)  \(run.status)  \(run.message ?? "")")
            }
        }
        for export in exports {
            lines.append("export \"\(export.export)\": \(export.status)"
                + (export.rowCount.map { ", \($0.grouped) rows" } ?? "") + (export.message.map { ": \($0)" } ?? ""))
        }
        let counts = Dictionary(grouping: runs, by: \.status).mapValues(\.count)
        let summary = counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        lines.append("Refreshed \(runs.count) segment\(runs.count == 1 ? "" : "s") in \(String(format: "%.2f", seconds)) s"
            + (summary.isEmpty ? "" : ": \(summary)"))
        if abandonedRunCount > 0 {
            lines.append("Marked \(abandonedRunCount) run(s) of an interrupted refresh as failed.")
        }
        return lines.joined(separator: "\n")
    }
}

extension Workspace {
    /// The report of a run left unfinished by a process that died.
    static let abandonedRunReport =
        "the process running this refresh stopped before it finished (killed or crashed); the previous membership is kept"

    /// Refreshes segments by name (with the segments they depend on, first) or all of them.
    ///
    /// Each segment's definition is validated alone, then every valid one is evaluated in
    /// one batch (one activity scan), then each result commits atomically: membership,
    /// history row and run status together. A segment that fails does not fail the others;
    /// the segments depending on it are skipped, naming it. One refresh runs at a time
    /// per workspace; a second one gets `WorkspaceError.busy`.
    ///
    /// - Parameters:
    ///   - names: the segments to refresh; ignored when `all`.
    ///   - progress: called with the fraction done and a note.
    /// - Throws: `SegmentLifecycleError.unknownSegment` before anything runs; `busy`.
    @discardableResult
    public func refresh(
        _ names: [String], all: Bool = false, asOf: Date = Date(),
        progress: (@Sendable (Double, String) -> Void)? = nil
    ) throws -> RefreshReport {
        let records = try store.segments()
        var selected: [SegmentRecord]
        var triggers: [Int64: RefreshTrigger] = [:]
        if all {
            selected = records
        } else {
            selected = try names.map { try requireSegment(named: $0) }
            // Add what they depend on, refreshed first as dependencies.
            var queue = selected.map(\.id)
            var seen = Set(queue)
            let byID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            while let id = queue.popLast() {
                for dependency in try store.dependencies(ofSegment: id) where seen.insert(dependency.id).inserted {
                    queue.append(dependency.id)
                    triggers[dependency.id] = .dependency
                    if let record = byID[dependency.id] { selected.append(record) }
                }
            }
        }
        for record in selected where triggers[record.id] == nil { triggers[record.id] = .manual }
        return try refresh(selected, triggers: triggers, asOf: asOf, progress: progress)
    }

    /// The refresh behind `refresh(_:all:)` and the scheduler.
    ///
    /// - Parameter inQueueTransaction: runs in the transaction that queues the runs (the
    ///   scheduler records what it has handled there).
    func refresh(
        _ selected: [SegmentRecord], triggers: [Int64: RefreshTrigger], asOf: Date,
        progress: (@Sendable (Double, String) -> Void)? = nil,
        inQueueTransaction: (@Sendable (Database) throws -> Void)? = nil
    ) throws -> RefreshReport {
        let started = Date()
        guard let lock = try FileLock(url: dataDirectory.appendingPathComponent(".refresh.lock")) else {
            throw WorkspaceError.busy(what: "a segment refresh")
        }
        defer { withExtendedLifetime(lock) {} }
        clearRefreshCancelRequest()
        defer { clearRefreshCancelRequest() }

        // With the lock held, unfinished runs belong to processes that died.
        let abandoned = try store.write { db in
            let runs = try db.unfinishedRefreshRuns()
            for run in runs { try db.failRefreshRun(id: run.id, report: Self.abandonedRunReport, at: started) }
            return runs.count
        }
        let ordered = try dependencyOrder(selected)
        let snapshotRecord = try store.liveSnapshot()
        let runIDs: [Int64: Int64] = try store.write { db in
            var ids: [Int64: Int64] = [:]
            for record in ordered {
                ids[record.id] = try db.queueRefreshRun(
                    segmentID: record.id, trigger: triggers[record.id] ?? .manual, at: started).id
            }
            try inQueueTransaction?(db)
            return ids
        }
        progress?(0.05, "validating")

        var outcome = RefreshOutcomes()
        let evaluator: SegmentEvaluator
        do {
            evaluator = try self.evaluator(asOf: asOf)
        } catch {
            // No snapshot (or it cannot be read): every run fails with the reason.
            try store.write { db in
                for record in ordered { try db.failRefreshRun(id: runIDs[record.id]!, report: "\(error)", at: Date()) }
            }
            throw error
        }
        let catalog = try segmentCatalog()
        let inBatch = Set(ordered.map(\.name))
        var batch: [(name: String, definition: SegmentDefinition)] = []
        var batchRecords: [SegmentRecord] = []
        var expansions: [SegmentRecord] = []

        for record in ordered {
            let runID = runIDs[record.id]!
            let trigger = triggers[record.id] ?? .manual
            if trigger == .scheduled && record.state == .inactive {
                outcome.skip(record, runID: runID, reason: "inactive: scheduled refreshes skip inactive segments")
                continue
            }
            if record.type == .expansion {
                if Self.expansionRefresher == nil {
                    outcome.skip(record, runID: runID, reason: Self.expansionUnavailableReason)
                } else {
                    expansions.append(record)
                }
                continue
            }
            let definition: SegmentDefinition
            do {
                let stored = try store.currentSegmentDefinition(segmentID: record.id)
                definition = try SegmentDefinition(json: Data(stored.definitionJSON.utf8))
                try catalog.validate(definition, named: record.name)
            } catch {
                outcome.fail(record, runID: runID, report: "the definition is not valid for the live data: \(error)")
                continue
            }
            // A dependency that failed or was skipped in this refresh skips this segment.
            if let blocked = definition.referencedSegments.first(where: { outcome.blocks($0) }) {
                outcome.skip(record, runID: runID, reason: "depends on \"\(blocked)\", which \(outcome.verb(of: blocked)) in this refresh")
                continue
            }
            // A dependency outside the batch (or skipped) needs stored members.
            if let missing = try definition.referencedSegments.first(where: { name in
                let evaluatedHere = inBatch.contains(name) && !outcome.isSkippedOrFailed(name)
                return try !evaluatedHere && storedMembers(of: name) == nil
            }) {
                outcome.fail(record, runID: runID, report: "refers to segment \"\(missing)\", which has no members yet; refresh it first")
                continue
            }
            batch.append((record.name, definition))
            batchRecords.append(record)
        }
        try store.write { db in
            for (runID, reason) in outcome.skipped { try db.skipRefreshRun(id: runID, reason: reason, at: Date()) }
            for (runID, report) in outcome.failed { try db.failRefreshRun(id: runID, report: report, at: Date()) }
            for record in batchRecords + expansions {
                try db.startRefreshRun(id: runIDs[record.id]!, snapshotID: snapshotRecord?.id, at: Date())
            }
        }
        progress?(0.1, "evaluating \(batch.count) definitions")

        // One batch, one activity scan.
        var results: [String: EvaluationResult] = [:]
        if !batch.isEmpty {
            let capacity = evaluator.customerCount
            do {
                results = try evaluator.evaluate(batch) { name in
                    (try? self.storedMembers(of: name)).flatMap { $0 }.map { Bitset($0, capacity: capacity) }
                }
            } catch {
                try store.write { db in
                    for record in batchRecords {
                        try db.failRefreshRun(id: runIDs[record.id]!, report: "evaluation failed: \(error)", at: Date())
                    }
                }
                batchRecords = []
            }
        }
        progress?(0.8, "storing memberships")

        // Commit each result in its own transaction, dependencies first.
        var refreshedIDs: [Int64] = []
        var isCanceled = false
        for (index, record) in batchRecords.enumerated() {
            let runID = runIDs[record.id]!
            guard let result = results[record.name] else { continue }
            isCanceled = isCanceled || isRefreshCancelRequested
            if isCanceled {
                _ = try? store.cancelRefreshRun(id: runID)
                continue
            }
            do {
                try store.commitRefresh(runID: runID, members: MemberSet(result.members), asOf: asOf, endedAt: Date())
                refreshedIDs.append(record.id)
            } catch {
                _ = try? store.failRefreshRun(id: runID, report: "storing the members failed: \(error)", at: Date())
            }
            progress?(0.8 + 0.15 * Double(index + 1) / Double(batchRecords.count), record.name)
        }
        if let refresher = Self.expansionRefresher {
            for record in expansions {
                let runID = runIDs[record.id]!
                isCanceled = isCanceled || isRefreshCancelRequested
                if isCanceled {
                    _ = try? store.cancelRefreshRun(id: runID)
                    continue
                }
                do {
                    let members = try refresher.members(of: record, in: self, asOf: asOf)
                    try store.commitRefresh(runID: runID, members: members, asOf: asOf, endedAt: Date())
                    refreshedIDs.append(record.id)
                } catch {
                    _ = try? store.failRefreshRun(id: runID, report: "similar customers failed: \(error)", at: Date())
                }
            }
        }
        let exports = isCanceled ? [] : runExports(afterRefreshOf: refreshedIDs)
        progress?(1, "")

        let runs = try ordered.map { record in
            RefreshRunSummary(try store.refreshRun(id: runIDs[record.id]!)!, segment: record.name)
        }
        return RefreshReport(
            asOf: asOf, runs: runs, exports: exports, abandonedRunCount: abandoned,
            seconds: Date().timeIntervalSince(started))
    }

    /// The members of segment `name` at its last successful refresh.
    func storedMembers(of name: String) throws -> MemberSet? {
        guard let record = try store.segment(named: name) else { return nil }
        return try store.currentMembers(segmentID: record.id)
    }

    /// `segments` with every segment after the ones it depends on (among them).
    func dependencyOrder(_ segments: [SegmentRecord]) throws -> [SegmentRecord] {
        let byID = Dictionary(segments.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let dependencies = try store.read { db in
            try segments.map { ($0.id, try db.dependencies(ofSegment: $0.id).map(\.id)) }
        }
        let edges = Dictionary(dependencies, uniquingKeysWith: { first, _ in first })
        var ordered: [SegmentRecord] = []
        var state: [Int64: Bool] = [:]  // false: visiting, true: done
        func visit(_ id: Int64) {
            guard state[id] == nil, let record = byID[id] else { return }
            state[id] = false
            for dependency in edges[id] ?? [] where state[dependency] == nil { visit(dependency) }
            state[id] = true
            ordered.append(record)
        }
        for record in segments.sorted(by: { $0.name.lowercased() < $1.name.lowercased() }) { visit(record.id) }
        return ordered
    }
}

/// The runs of a refresh that end before evaluation, and why.
struct RefreshOutcomes {
    var skipped: [(Int64, String)] = []
    var failed: [(Int64, String)] = []
    /// Segment names that failed or were skipped because a dependency did.
    private var blockedNames: [String: String] = [:]
    /// Segment names skipped for a reason of their own (inactive, expansion).
    private var skippedNames: Set<String> = []

    mutating func skip(_ record: SegmentRecord, runID: Int64, reason: String) {
        skipped.append((runID, reason))
        if reason.hasPrefix("depends on") {
            blockedNames[record.name] = "was skipped"
        } else {
            skippedNames.insert(record.name)
        }
    }

    mutating func fail(_ record: SegmentRecord, runID: Int64, report: String) {
        failed.append((runID, report))
        blockedNames[record.name] = "failed"
    }

    /// Whether segment `name` failed (or was skipped for a failed dependency) in this refresh.
    func blocks(_ name: String) -> Bool { blockedNames[name] != nil }

    /// "failed" or "was skipped".
    func verb(of name: String) -> String { blockedNames[name] ?? "failed" }

    /// Whether segment `name` gets no new members in this refresh.
    func isSkippedOrFailed(_ name: String) -> Bool { blockedNames[name] != nil || skippedNames.contains(name) }
}
