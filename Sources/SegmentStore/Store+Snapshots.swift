import Foundation

extension Store {
    /// Records a new snapshot and makes it live, in one transaction; when
    /// `ingestRunID` is given, that run is marked succeeded in the same
    /// transaction.
    ///
    /// - Parameters:
    ///   - directoryName: the generation's folder under `data/`; use
    ///     ``SnapshotRecord/directoryName(number:)`` with a number from
    ///     ``nextSnapshotNumber()``.
    ///   - createdAt: the recording time (default now).
    /// - Throws: ``DatabaseError`` (busy; constraint when the name is taken),
    ///   ``StoreError`` for a missing or finished ingest run.
    @discardableResult
    public func recordSnapshot(
        directoryName: String,
        customers: Int,
        activities: Int,
        reportJSON: String,
        createdAt: Date = Date(),
        ingestRunID: Int64? = nil
    ) throws -> SnapshotRecord {
        try write { db in
            try db.recordSnapshot(
                directoryName: directoryName,
                customers: customers,
                activities: activities,
                reportJSON: reportJSON,
                createdAt: createdAt,
                ingestRunID: ingestRunID
            )
        }
    }

    /// The live snapshot, or nil before the first successful ingest.
    public func liveSnapshot() throws -> SnapshotRecord? {
        try read { db in try db.liveSnapshot() }
    }

    /// The snapshot with row id `id`, if any.
    public func snapshot(id: Int64) throws -> SnapshotRecord? {
        try read { db in try db.snapshot(id: id) }
    }

    /// Every snapshot record, oldest first.
    public func snapshots() throws -> [SnapshotRecord] {
        try read { db in try db.snapshots() }
    }

    /// Makes snapshot `id` the live one (e.g. to go back a generation).
    /// - Throws: ``StoreError/snapshotNotFound(store:id:)``.
    public func makeSnapshotLive(id: Int64) throws {
        try write { db in try db.makeSnapshotLive(id: id) }
    }

    /// Deletes the record of snapshot `id` and returns it, so the caller can
    /// remove its folder. The live snapshot is refused.
    /// - Throws: ``StoreError/snapshotIsLive(store:id:directoryName:)``,
    ///   ``StoreError/snapshotNotFound(store:id:)``.
    @discardableResult
    public func deleteSnapshot(id: Int64) throws -> SnapshotRecord {
        try write { db in try db.deleteSnapshot(id: id) }
    }

    /// Reserves the next generation number (1, 2, …): no two calls return
    /// the same number, even across processes and after deletions.
    public func nextSnapshotNumber() throws -> Int {
        try write { db in try db.nextSnapshotNumber() }
    }
}
