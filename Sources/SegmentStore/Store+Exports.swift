import Foundation

// One-call export operations, each its own transaction.
extension Store {
    /// Creates an export destination.
    @discardableResult
    public func createExport(_ new: NewExport, at date: Date = Date()) throws -> ExportRecord {
        try write { db in try db.createExport(new, at: date) }
    }

    /// Changes an export's path, fields or trigger.
    @discardableResult
    public func updateExport(
        id: Int64,
        path: String? = nil,
        fields: [String]? = nil,
        trigger: ExportTrigger? = nil,
        at date: Date = Date()
    ) throws -> ExportRecord {
        try write { db in try db.updateExport(id: id, path: path, fields: fields, trigger: trigger, at: date) }
    }

    /// The export named `name`.
    public func requireExport(named name: String) throws -> ExportRecord {
        try read { db in try db.requireExport(named: name) }
    }

    /// Every export, by name.
    public func exports() throws -> [ExportRecord] {
        try read { db in try db.exports() }
    }

    /// The exports containing a segment.
    public func exports(containingSegment segmentID: Int64) throws -> [ExportRecord] {
        try read { db in try db.exports(containingSegment: segmentID) }
    }

    /// Adds a segment to an export.
    @discardableResult
    public func addSegment(_ segmentID: Int64, toExport exportID: Int64, at date: Date = Date()) throws -> ExportRecord {
        try write { db in try db.addSegment(segmentID, toExport: exportID, at: date) }
    }

    /// Removes a segment from an export.
    @discardableResult
    public func removeSegment(_ segmentID: Int64, fromExport exportID: Int64, at date: Date = Date()) throws -> ExportRecord {
        try write { db in try db.removeSegment(segmentID, fromExport: exportID, at: date) }
    }

    /// Deletes an export and its run history.
    @discardableResult
    public func deleteExport(id: Int64) throws -> ExportRecord {
        try write { db in try db.deleteExport(id: id) }
    }

    /// Records the start of an export run.
    @discardableResult
    public func startExportRun(exportID: Int64, at date: Date = Date()) throws -> ExportRunRecord {
        try write { db in try db.startExportRun(exportID: exportID, at: date) }
    }

    /// Records how an export run ended.
    @discardableResult
    public func finishExportRun(id: Int64, outcome: ExportRunOutcome, at date: Date = Date()) throws -> ExportRunRecord {
        try write { db in try db.finishExportRun(id: id, outcome: outcome, at: date) }
    }

    /// The latest runs of an export, newest first.
    public func exportRuns(exportID: Int64, limit: Int = 50) throws -> [ExportRunRecord] {
        try read { db in try db.exportRuns(exportID: exportID, limit: limit) }
    }
}
