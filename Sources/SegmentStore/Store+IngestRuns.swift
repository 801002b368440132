import Foundation

extension Store {
    /// Records the start of an ingest run (status `running`) and returns it.
    ///
    /// A run whose process dies stays `running`; its `startedAt` tells how old
    /// it is.
    @discardableResult
    public func startIngestRun(startedAt: Date = Date()) throws -> IngestRunRecord {
        try write { db in try db.startIngestRun(startedAt: startedAt) }
    }

    /// Records how running ingest run `id` ended and returns the record. To
    /// finish a run together with its snapshot, pass `ingestRunID` to
    /// ``recordSnapshot(directoryName:customers:activities:reportJSON:createdAt:ingestRunID:)``
    /// instead.
    /// - Throws: ``StoreError/ingestRunNotFound(store:id:)``,
    ///   ``StoreError/ingestRunAlreadyFinished(store:id:status:)``.
    @discardableResult
    public func finishIngestRun(id: Int64, outcome: IngestRunOutcome, endedAt: Date = Date()) throws -> IngestRunRecord {
        try write { db in try db.finishIngestRun(id: id, outcome: outcome, endedAt: endedAt) }
    }

    /// The ingest run with row id `id`, if any.
    public func ingestRun(id: Int64) throws -> IngestRunRecord? {
        try read { db in try db.ingestRun(id: id) }
    }

    /// The most recent ingest runs, newest first, at most `limit`.
    public func ingestRuns(limit: Int = 100) throws -> [IngestRunRecord] {
        try read { db in try db.ingestRuns(limit: limit) }
    }
}
