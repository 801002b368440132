import Foundation

// Ingest run records on one connection, for use inside `Store.read` and
// `Store.write`. `Store` has one-call versions of each.
extension Database {
    /// Records the start of an ingest run, status `running`.
    public func startIngestRun(startedAt: Date) throws -> IngestRunRecord {
        try execute("INSERT INTO ingest_runs (started_at, status) VALUES (?, 'running')", arguments: [startedAt])
        let id = lastInsertRowID
        guard let record = try ingestRun(id: id) else {
            throw StoreError.ingestRunNotFound(store: path, id: id)
        }
        return record
    }

    /// Records the end of running ingest run `id` and returns the record.
    /// - Throws: ``StoreError/ingestRunNotFound(store:id:)``,
    ///   ``StoreError/ingestRunAlreadyFinished(store:id:status:)``,
    ///   ``DatabaseError`` when `snapshotID` names no snapshot.
    public func finishIngestRun(id: Int64, outcome: IngestRunOutcome, endedAt: Date) throws -> IngestRunRecord {
        guard let run = try ingestRun(id: id) else {
            throw StoreError.ingestRunNotFound(store: path, id: id)
        }
        guard run.status == .running else {
            throw StoreError.ingestRunAlreadyFinished(store: path, id: id, status: run.status)
        }
        switch outcome {
        case .succeeded(let snapshotID):
            try execute(
                "UPDATE ingest_runs SET status = 'succeeded', ended_at = ?, snapshot_id = ? WHERE id = ?",
                arguments: [endedAt, snapshotID, id]
            )
        case .failed(let message):
            try execute(
                "UPDATE ingest_runs SET status = 'failed', ended_at = ?, error_message = ? WHERE id = ?",
                arguments: [endedAt, message, id]
            )
        }
        guard let record = try ingestRun(id: id) else {
            throw StoreError.ingestRunNotFound(store: path, id: id)
        }
        return record
    }

    /// The ingest run with row id `id`, if any.
    public func ingestRun(id: Int64) throws -> IngestRunRecord? {
        let statement = try prepare("SELECT \(IngestRunRecord.selection) FROM ingest_runs WHERE id = ?")
        try statement.bind([id])
        return try statement.first(IngestRunRecord.init(row:))
    }

    /// The most recent ingest runs, newest first, at most `limit`.
    public func ingestRuns(limit: Int) throws -> [IngestRunRecord] {
        precondition(limit >= 0, "Database.ingestRuns(limit:): negative limit \(limit)")
        let statement = try prepare("SELECT \(IngestRunRecord.selection) FROM ingest_runs ORDER BY id DESC LIMIT ?")
        try statement.bind([limit])
        return try statement.map(IngestRunRecord.init(row:))
    }
}
