import CustomerData
import Foundation
import SegmentStore
import Segments

/// What `Workspace.ingest` did.
public struct IngestOutcome: Sendable {
    /// The snapshot's record in the store, now live.
    public var snapshot: SnapshotRecord
    public var report: IngestReport
    /// Generations removed after the switch (older than the previous one).
    public var removedGenerations: [String]

    /// The report as pretty-printed JSON.
    public func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    /// A few lines for the terminal: per source what was read, kept and left out.
    public var summary: String {
        var lines: [String] = []
        for source in [report.customers] + report.activities {
            var line = "\(source.name): \(source.file): \(source.rowsRead.grouped) rows read, \(source.rowsKept.grouped) kept"
            if source.badRowCount > 0 { line += ", \(source.badRowCount.grouped) bad rows left out" }
            if source.unknownCustomerCount > 0 {
                line += ", \(source.unknownCustomerCount.grouped) of unknown customers left out"
            }
            if source.duplicateIdCount > 0 { line += ", \(source.duplicateIdCount.grouped) duplicate ids (last wins)" }
            lines.append(line)
            for bad in source.badRows.prefix(5) { lines.append("  \(bad.message)") }
            if source.badRows.count > 5 { lines.append("  … \(source.badRowCount - 5) more in the report (--json)") }
        }
        let megabytes = Double(report.snapshotBytes) / 1_048_576
        lines.append(
            "Snapshot \(report.generation) is live: \(report.customerCount.grouped) customers, "
                + "\(report.activityCount.grouped) activities, \(String(format: "%.1f", megabytes)) MiB, "
                + "\(String(format: "%.2f", report.seconds)) s")
        if !removedGenerations.isEmpty {
            lines.append("Removed old generations: \(removedGenerations.joined(separator: ", "))")
        }
        return lines.joined(separator: "\n")
    }
}

extension Workspace {
    /// How many generations stay on disk: the live one and the one before it.
    static let keptGenerations = 2

    /// Reads the sources into a new snapshot generation and makes it live.
    ///
    /// The generation is written beside the live one; the switch is one store
    /// transaction that also records the run. On failure the partial folder is removed,
    /// the run is recorded as failed, and the previous snapshot stays live. One ingest
    /// runs at a time per workspace (a second one gets `WorkspaceError.busy`).
    ///
    /// - Parameter progress: called with the fraction done (0...1) and a note.
    public func ingest(progress: ((Double, String) -> Void)? = nil) throws -> IngestOutcome {
        guard let lock = try FileLock(url: dataDirectory.appendingPathComponent(".ingest.lock")) else {
            throw WorkspaceError.busy(what: "an ingest")
        }
        defer { withExtendedLifetime(lock) {} }
        removeIncompleteGenerations()

        let number = try store.nextSnapshotNumber()
        let name = SnapshotRecord.directoryName(number: number)
        let generation = dataDirectory.appendingPathComponent(name)
        let run = try store.startIngestRun()
        let report: IngestReport
        do {
            report = try Ingest.run(
                config: config, workspaceDirectory: directory, generationDirectory: generation
            ) { step in
                let fraction = step.bytesTotal > 0 ? Double(step.bytesRead) / Double(step.bytesTotal) : 0
                progress?(fraction, "\(step.phase.rawValue) \(step.source)")
            }
        } catch {
            try? FileManager.default.removeItem(at: generation)
            _ = try? store.finishIngestRun(id: run.id, outcome: .failed(message: "\(error)"))
            throw error
        }

        let reportJSON = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        let record: SnapshotRecord
        do {
            // Stored memberships name customers by snapshot row: when rows moved, they move
            // with them, in the same transaction that makes the new generation live.
            let remap = try store.liveSnapshot().flatMap {
                try Self.rowRemap(from: dataDirectory.appendingPathComponent($0.directoryName), to: generation)
            }
            record = try store.write { db in
                if let remap {
                    try db.remapMemberships { members in
                        MemberSet(members.lazy.compactMap { row in
                            let moved = remap[Int(row)]
                            return moved < 0 ? nil : UInt32(moved)
                        })
                    }
                }
                return try db.recordSnapshot(
                    directoryName: name, customers: report.customerCount, activities: report.activityCount,
                    reportJSON: reportJSON, createdAt: Date(), ingestRunID: run.id)
            }
        } catch {
            try? FileManager.default.removeItem(at: generation)
            _ = try? store.finishIngestRun(id: run.id, outcome: .failed(message: "\(error)"))
            throw error
        }
        let removed = (try? removeOldGenerations()) ?? []
        return IngestOutcome(snapshot: record, report: report, removedGenerations: removed)
    }

    /// Where each customer row of the `old` generation is in the `new` one (-1: gone), or nil
    /// when every old row keeps its number (the usual case: customers only appended).
    static func rowRemap(from old: URL, to new: URL) throws -> [Int32]? {
        guard let before = try? Snapshot(directory: old) else { return nil }
        let after = try Snapshot(directory: new)
        let oldCount = before.customers.rowCount
        var isStable = oldCount <= after.customers.rowCount
        var row = 0
        while isStable && row < oldCount {
            isStable = before.customerID(ofRow: row) == after.customerID(ofRow: row)
            row += 1
        }
        if isStable { return nil }
        return (0..<oldCount).map { Int32(after.customerRow(forID: before.customerID(ofRow: $0)) ?? -1) }
    }

    /// Deletes the records and folders of generations older than the last `keptGenerations`.
    private func removeOldGenerations() throws -> [String] {
        let records = try store.snapshots()
        var removed: [String] = []
        for record in records.dropLast(Self.keptGenerations) where !record.isLive {
            try store.deleteSnapshot(id: record.id)
            try? FileManager.default.removeItem(at: dataDirectory.appendingPathComponent(record.directoryName))
            removed.append(record.directoryName)
        }
        return removed
    }

    /// Removes generation folders the store does not know: left by an ingest that was killed.
    ///
    /// Called with the ingest lock held, so no other ingest is writing one.
    private func removeIncompleteGenerations() {
        guard let known = try? Set(store.snapshots().map(\.directoryName)),
              let names = try? FileManager.default.contentsOfDirectory(atPath: dataDirectory.path)
        else { return }
        for name in names where name.hasPrefix("gen-") && !known.contains(name) {
            try? FileManager.default.removeItem(at: dataDirectory.appendingPathComponent(name))
        }
    }

    /// The live snapshot, memory-mapped.
    ///
    /// - Throws: `WorkspaceError.noSnapshot` before the first ingest.
    public func liveSnapshot() throws -> Snapshot {
        guard let record = try store.liveSnapshot() else { throw WorkspaceError.noSnapshot }
        return try snapshot(named: record.directoryName)
    }

    /// Generation `name`, opened once and then reused while it is the one asked for
    /// (the live one): one store read per call instead of mapping every column file.
    func snapshot(named name: String) throws -> Snapshot {
        try openedSnapshot.withLock { opened in
            if let opened, opened.directory.lastPathComponent == name { return opened }
            let snapshot = try Snapshot(directory: dataDirectory.appendingPathComponent(name))
            opened = snapshot
            return snapshot
        }
    }

    /// Schema, row counts and per-column statistics of the live snapshot.
    public func describe() throws -> WorkspaceDescription {
        WorkspaceDescription(workspace: config.name, snapshot: SnapshotDescription(snapshot: try liveSnapshot()))
    }
}

/// `describe`'s answer: the workspace's name and its live snapshot's description.
public struct WorkspaceDescription: Codable, Sendable {
    public var workspace: String
    public var snapshot: SnapshotDescription

    /// The description for the terminal.
    public var text: String { "Workspace \(workspace)\n" + snapshot.render() }

    /// The description as pretty-printed JSON.
    public func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

extension Int {
    /// `1,234,567`.
    var grouped: String {
        let digits = String(magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return self < 0 ? "-" + out : out
    }
}

/// What `audience verify` measured: the live snapshot opened and every activity column read.
public struct SnapshotCheck: Codable, Sendable {
    public var generation: String
    public var customers: Int
    public var activities: Int
    /// A checksum over every byte of the activity columns.
    public var checksum: UInt64
    /// Seconds to open the snapshot and read every activity column.
    public var seconds: Double
}

extension Workspace {
    /// Opens the live snapshot (memory-mapping its column files) and reads every byte of
    /// every activity column, to check the files are whole and to time a full scan.
    public func verifySnapshot() throws -> SnapshotCheck {
        guard let record = try store.liveSnapshot() else { throw WorkspaceError.noSnapshot }
        let clock = ContinuousClock()
        let started = clock.now
        let snapshot = try Snapshot(directory: dataDirectory.appendingPathComponent(record.directoryName))
        let checksum = snapshot.touchAllColumns()
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return SnapshotCheck(
            generation: record.directoryName, customers: snapshot.customers.rowCount,
            activities: snapshot.activities.rowCount, checksum: checksum, seconds: seconds)
    }
}
