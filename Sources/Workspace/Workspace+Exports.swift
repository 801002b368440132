import CustomerData
import Foundation
import SegmentStore
import Segments

/// One export destination as commands show it.
public struct ExportSummary: Codable, Sendable {
    public var id: Int64
    public var name: String
    /// `csv-folder`.
    public var kind: String
    /// The folder, relative to the workspace or absolute.
    public var path: String
    public var fields: [String]
    /// `after-refresh` or `on-demand`.
    public var trigger: String
    public var segments: [String]
    public var createdAt: Date
    /// The latest runs, newest first (in `export show`).
    public var recentRuns: [ExportRunSummary]?

    init(_ record: ExportRecord, runs: [ExportRunRecord]? = nil) {
        id = record.id
        name = record.name
        kind = record.kind.rawValue
        path = record.path
        fields = record.fields
        trigger = record.trigger.rawValue
        segments = record.segments.map(\.name)
        createdAt = record.createdAt
        recentRuns = runs?.map { ExportRunSummary($0, export: record.name) }
    }
}

/// One run of an export.
public struct ExportRunSummary: Codable, Sendable, Equatable {
    public var id: Int64
    public var export: String
    /// `running`, `succeeded` or `failed`.
    public var status: String
    public var startedAt: Date
    public var endedAt: Date?
    public var rowCount: Int?
    /// Why it failed.
    public var message: String?

    init(id: Int64, export: String, status: String, startedAt: Date, endedAt: Date?, rowCount: Int?, message: String?) {
        self.id = id
        self.export = export
        self.status = status
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.rowCount = rowCount
        self.message = message
    }

    init(_ run: ExportRunRecord, export: String) {
        id = run.id
        self.export = export
        status = run.status.rawValue
        startedAt = run.startedAt
        endedAt = run.endedAt
        rowCount = run.rowCount
        message = run.errorMessage
    }
}

extension Workspace {
    /// The export named `name` (any case).
    func requireExport(named name: String) throws -> ExportRecord {
        if let export = try store.exports().first(where: { $0.name.lowercased() == name.lowercased() }) { return export }
        let names = try store.exports().map(\.name)
        throw SegmentLifecycleError.unknownExport(name: name, suggestion: SegmentLifecycleError.closest(to: name, in: names))
    }

    /// Creates a CSV-folder export: one `SEGMENT.csv` per segment with `fields` (the id,
    /// customer attributes and measures), written after each refresh of its segments
    /// (`afterRefresh`) or on demand.
    /// - Throws: unknown segments or fields, a taken name, an empty path or field list.
    @discardableResult
    public func createExport(
        named name: String, path: String, fields: [String], trigger: ExportTrigger = .onDemand,
        segments: [String] = [], at date: Date = Date()
    ) throws -> ExportSummary {
        let ids = try segments.map { try requireSegment(named: $0).id }
        if let snapshot = try? liveSnapshot() { try MemberFields.validate(fields, snapshot: snapshot, config: config) }
        return ExportSummary(try store.createExport(
            NewExport(name: name, path: path, fields: fields, trigger: trigger, segmentIDs: ids), at: date))
    }

    /// Every export, by name.
    public func exports() throws -> [ExportSummary] {
        try store.exports().map { ExportSummary($0) }
    }

    /// An export with its latest runs.
    public func exportDetail(named name: String) throws -> ExportSummary {
        let export = try requireExport(named: name)
        return ExportSummary(export, runs: try store.exportRuns(exportID: export.id, limit: 10))
    }

    /// The exports containing a segment ("manage exports").
    public func exports(containing segment: String) throws -> [ExportSummary] {
        try store.exports(containingSegment: try requireSegment(named: segment).id).map { ExportSummary($0) }
    }

    /// Adds a segment to an export.
    @discardableResult
    public func addSegment(_ segment: String, toExport name: String, at date: Date = Date()) throws -> ExportSummary {
        let id = try requireSegment(named: segment).id
        return ExportSummary(try store.addSegment(id, toExport: try requireExport(named: name).id, at: date))
    }

    /// Removes a segment from an export.
    @discardableResult
    public func removeSegment(_ segment: String, fromExport name: String, at date: Date = Date()) throws -> ExportSummary {
        let id = try requireSegment(named: segment).id
        return ExportSummary(try store.removeSegment(id, fromExport: try requireExport(named: name).id, at: date))
    }

    /// Deletes an export and its run history (the files it wrote stay).
    @discardableResult
    public func deleteExport(named name: String) throws -> ExportSummary {
        ExportSummary(try store.deleteExport(id: try requireExport(named: name).id))
    }

    /// Runs an export now; the run is recorded whether it succeeds or fails.
    ///
    /// Writes `FOLDER/NAME.csv` for each of its segments (the segment's current members).
    public func runExport(named name: String) throws -> ExportRunSummary {
        runExport(try requireExport(named: name))
    }

    /// Runs `export` and records the run; a failure is recorded with its message.
    func runExport(_ export: ExportRecord) -> ExportRunSummary {
        let started = Date()
        let run: ExportRunRecord
        do {
            run = try store.startExportRun(exportID: export.id, at: started)
        } catch {
            return ExportRunSummary(
                id: 0, export: export.name, status: ExportRunStatus.failed.rawValue, startedAt: started,
                endedAt: Date(), rowCount: nil, message: "the run could not be recorded: \(error)")
        }
        let outcome: ExportRunOutcome
        do {
            outcome = .succeeded(rowCount: try writeExportFiles(export))
        } catch {
            outcome = .failed(message: "\(error)")
        }
        let finished = (try? store.finishExportRun(id: run.id, outcome: outcome, at: Date())) ?? run
        return ExportRunSummary(finished, export: export.name)
    }

    /// Writes one CSV per segment of `export`; returns the rows written in all.
    ///
    /// Every segment's members and the live snapshot come from one read of the store. Measures
    /// among the fields are computed as of each segment's last refresh, once per distinct
    /// as-of instant (segments refreshed together share one computation).
    private func writeExportFiles(_ export: ExportRecord) throws -> Int {
        let folder = resolve(export.path)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw SegmentLifecycleError.cannotWrite(path: export.path, reason: "cannot create the folder")
        }
        let (live, memberships) = try store.read { db in
            (try db.liveSnapshot(), try export.segments.map { segment in
                (segment, try db.currentMembers(segmentID: segment.id), try db.memberships(segmentID: segment.id).first?.effectiveAt)
            })
        }
        guard let live else { throw WorkspaceError.noSnapshot }
        let snapshot = try self.snapshot(named: live.directoryName)
        var columnsAsOf: [Date: MemberFields] = [:]
        var rows = 0
        for (segment, stored, effectiveAt) in memberships {
            guard let members = stored, let asOf = effectiveAt else {
                throw SegmentLifecycleError.neverRefreshed(segment: segment.name)
            }
            let columns = try columnsAsOf[asOf] ?? MemberFields(export.fields, snapshot: snapshot, config: config, asOf: asOf)
            if columns.hasMeasures { columnsAsOf[asOf] = columns }
            let file = folder.appendingPathComponent(Self.fileName(forSegment: segment.name) + ".csv")
            rows += try Self.writeCSV(members, columns: columns, to: file)
        }
        return rows
    }

    /// Runs the after-refresh exports containing any of `segmentIDs`, once each.
    func runExports(afterRefreshOf segmentIDs: [Int64]) -> [ExportRunSummary] {
        guard !segmentIDs.isEmpty, let exports = try? store.exports() else { return [] }
        let refreshed = Set(segmentIDs)
        return exports
            .filter { $0.trigger == .afterRefresh && $0.segments.contains { refreshed.contains($0.id) } }
            .map { runExport($0) }
    }

    /// A file name for a segment: letters, digits, `-`, `_` and `.` kept, others `_`.
    static func fileName(forSegment name: String) -> String {
        let safe = name.unicodeScalars.map { scalar -> Character in
            let allowed = scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar)
            return allowed ? Character(scalar) : "_"
        }
        let text = String(safe)
        return text.hasPrefix(".") ? "_" + text.dropFirst() : text
    }
}
