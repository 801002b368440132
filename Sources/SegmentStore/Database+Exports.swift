import Foundation

// Export destinations, the segments they contain, and their runs.
extension Database {
    // MARK: - Destinations

    /// Creates an export destination containing `new.segmentIDs`.
    /// - Throws: ``StoreError`` for an invalid or taken name, an empty path,
    ///   no or repeated fields, or unknown segments.
    public func createExport(_ new: NewExport, at date: Date) throws -> ExportRecord {
        let name = new.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = SegmentRules.problem(withName: name) {
            throw StoreError.invalidName(store: path, name: new.name, reason: problem)
        }
        let existing = try prepare("SELECT name FROM exports WHERE name = ? COLLATE NOCASE")
        try existing.bind([name])
        if let taken = try existing.singleValue(String.self) {
            throw StoreError.duplicateExportName(store: path, name: taken)
        }
        try checkExportSettings(name: name, path: new.path, fields: new.fields)
        for id in new.segmentIDs {
            _ = try requireSegment(id: id)
        }
        try execute(
            """
            INSERT INTO exports (name, kind, path, fields_json, trigger, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            arguments: [name, new.kind.rawValue, new.path, jsonText(new.fields), new.trigger.rawValue, date, date]
        )
        let id = lastInsertRowID
        let insert = try prepare("INSERT OR IGNORE INTO export_segments (export_id, segment_id) VALUES (?, ?)")
        for segmentID in new.segmentIDs {
            try insert.bind([id, segmentID])
            try insert.execute()
        }
        return try requireExport(id: id)
    }

    /// Changes the path, fields or trigger of export `id` (nil keeps one).
    @discardableResult
    public func updateExport(
        id: Int64,
        path newPath: String? = nil,
        fields: [String]? = nil,
        trigger: ExportTrigger? = nil,
        at date: Date
    ) throws -> ExportRecord {
        let export = try requireExport(id: id)
        try checkExportSettings(name: export.name, path: newPath ?? export.path, fields: fields ?? export.fields)
        try execute(
            "UPDATE exports SET path = ?, fields_json = ?, trigger = ?, updated_at = ? WHERE id = ?",
            arguments: [
                newPath ?? export.path, jsonText(fields ?? export.fields), (trigger ?? export.trigger).rawValue, date, id,
            ]
        )
        return try requireExport(id: id)
    }

    /// The export with id `id`, if any.
    public func export(id: Int64) throws -> ExportRecord? {
        let statement = try prepare("SELECT \(ExportRecord.selection) FROM exports AS e WHERE e.id = ?")
        try statement.bind([id])
        return try statement.first(ExportRecord.init(row:))
    }

    /// The export with id `id`.
    /// - Throws: ``StoreError/exportNotFound(store:id:)``.
    public func requireExport(id: Int64) throws -> ExportRecord {
        guard let export = try export(id: id) else {
            throw StoreError.exportNotFound(store: path, id: id)
        }
        return export
    }

    /// The export named `name` (any ASCII case).
    /// - Throws: ``StoreError/exportNameNotFound(store:name:)``.
    public func requireExport(named name: String) throws -> ExportRecord {
        let statement = try prepare("SELECT \(ExportRecord.selection) FROM exports AS e WHERE e.name = ? COLLATE NOCASE")
        try statement.bind([name.trimmingCharacters(in: .whitespacesAndNewlines)])
        guard let export = try statement.first(ExportRecord.init(row:)) else {
            throw StoreError.exportNameNotFound(store: path, name: name)
        }
        return export
    }

    /// Every export, by name.
    public func exports() throws -> [ExportRecord] {
        try prepare("SELECT \(ExportRecord.selection) FROM exports AS e ORDER BY e.name COLLATE NOCASE")
            .map(ExportRecord.init(row:))
    }

    /// The exports containing segment `segmentID` ("manage exports"), by name.
    public func exports(containingSegment segmentID: Int64) throws -> [ExportRecord] {
        let statement = try prepare("""
            SELECT \(ExportRecord.selection) FROM exports AS e
            WHERE e.id IN (SELECT export_id FROM export_segments WHERE segment_id = ?)
            ORDER BY e.name COLLATE NOCASE
            """)
        try statement.bind([segmentID])
        return try statement.map(ExportRecord.init(row:))
    }

    /// The exports to run after a successful refresh of segment `segmentID`.
    public func exportsToRun(afterRefreshOf segmentID: Int64) throws -> [ExportRecord] {
        try exports(containingSegment: segmentID).filter { $0.trigger == .afterRefresh }
    }

    /// Adds segment `segmentID` to export `exportID` (nothing when it is
    /// already there).
    @discardableResult
    public func addSegment(_ segmentID: Int64, toExport exportID: Int64, at date: Date) throws -> ExportRecord {
        _ = try requireExport(id: exportID)
        _ = try requireSegment(id: segmentID)
        try execute(
            "INSERT OR IGNORE INTO export_segments (export_id, segment_id) VALUES (?, ?)",
            arguments: [exportID, segmentID]
        )
        try execute("UPDATE exports SET updated_at = ? WHERE id = ?", arguments: [date, exportID])
        return try requireExport(id: exportID)
    }

    /// Removes segment `segmentID` from export `exportID` (nothing when it is
    /// not there).
    @discardableResult
    public func removeSegment(_ segmentID: Int64, fromExport exportID: Int64, at date: Date) throws -> ExportRecord {
        _ = try requireExport(id: exportID)
        _ = try requireSegment(id: segmentID)
        try execute("DELETE FROM export_segments WHERE export_id = ? AND segment_id = ?", arguments: [exportID, segmentID])
        try execute("UPDATE exports SET updated_at = ? WHERE id = ?", arguments: [date, exportID])
        return try requireExport(id: exportID)
    }

    /// Deletes export `id` and its run history; returns it as it was. The
    /// files it wrote stay.
    @discardableResult
    public func deleteExport(id: Int64) throws -> ExportRecord {
        let export = try requireExport(id: id)
        try execute("DELETE FROM exports WHERE id = ?", arguments: [id])
        return export
    }

    // MARK: - Runs

    /// Records the start of a run of export `exportID`.
    public func startExportRun(exportID: Int64, at date: Date) throws -> ExportRunRecord {
        _ = try requireExport(id: exportID)
        try execute(
            "INSERT INTO export_runs (export_id, status, started_at) VALUES (?, 'running', ?)",
            arguments: [exportID, date]
        )
        return try requireExportRun(id: lastInsertRowID)
    }

    /// Records how running export run `id` ended.
    /// - Throws: ``StoreError/exportRunNotFound(store:id:)``,
    ///   ``StoreError/exportRunAlreadyFinished(store:id:)``.
    @discardableResult
    public func finishExportRun(id: Int64, outcome: ExportRunOutcome, at date: Date) throws -> ExportRunRecord {
        let run = try requireExportRun(id: id)
        guard run.status == .running else {
            throw StoreError.exportRunAlreadyFinished(store: path, id: id)
        }
        switch outcome {
        case .succeeded(let rowCount):
            precondition(rowCount >= 0, "Database.finishExportRun(id:outcome:at:): negative row count \(rowCount)")
            try execute(
                "UPDATE export_runs SET status = 'succeeded', ended_at = ?, row_count = ? WHERE id = ?",
                arguments: [date, rowCount, id]
            )
        case .failed(let message):
            try execute(
                "UPDATE export_runs SET status = 'failed', ended_at = ?, error_message = ? WHERE id = ?",
                arguments: [date, message, id]
            )
        }
        return try requireExportRun(id: id)
    }

    /// The export run with id `id`.
    /// - Throws: ``StoreError/exportRunNotFound(store:id:)``.
    public func requireExportRun(id: Int64) throws -> ExportRunRecord {
        let statement = try prepare("SELECT \(ExportRunRecord.selection) FROM export_runs WHERE id = ?")
        try statement.bind([id])
        guard let run = try statement.first(ExportRunRecord.init(row:)) else {
            throw StoreError.exportRunNotFound(store: path, id: id)
        }
        return run
    }

    /// The latest runs of export `exportID`, newest first, at most `limit`.
    public func exportRuns(exportID: Int64, limit: Int) throws -> [ExportRunRecord] {
        precondition(limit >= 0, "Database.exportRuns(exportID:limit:): negative limit \(limit)")
        let statement = try prepare(
            "SELECT \(ExportRunRecord.selection) FROM export_runs WHERE export_id = ? ORDER BY id DESC LIMIT ?"
        )
        try statement.bind([exportID, limit])
        return try statement.map(ExportRunRecord.init(row:))
    }

    /// Checks an export's path and fields.
    private func checkExportSettings(name: String, path exportPath: String, fields: [String]) throws {
        if exportPath.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw StoreError.invalidExport(store: path, name: name, reason: "the path is empty")
        }
        if fields.isEmpty {
            throw StoreError.invalidExport(store: path, name: name, reason: "no fields to write; name at least one")
        }
        if let empty = fields.first(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw StoreError.invalidExport(store: path, name: name, reason: "field \"\(empty)\" is empty")
        }
        var seen: Set<String> = []
        for field in fields where !seen.insert(field).inserted {
            throw StoreError.invalidExport(store: path, name: name, reason: "field \"\(field)\" is listed twice")
        }
    }
}
