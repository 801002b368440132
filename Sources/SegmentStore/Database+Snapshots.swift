import Foundation

// Snapshot records on one connection, for use inside `Store.read` and
// `Store.write` when they must join a larger transaction. `Store` has
// one-call versions of each.
extension Database {
    /// Inserts a snapshot record and makes it live; when `ingestRunID` is
    /// given, also marks that run succeeded with this snapshot.
    ///
    /// Call inside a write transaction so the three changes commit together.
    /// - Throws: ``DatabaseError`` (a constraint error when `directoryName` is
    ///   already recorded), ``StoreError`` for a missing or finished run.
    public func recordSnapshot(
        directoryName: String,
        customers: Int,
        activities: Int,
        reportJSON: String,
        createdAt: Date,
        ingestRunID: Int64?
    ) throws -> SnapshotRecord {
        try execute(
            """
            INSERT INTO snapshots (directory_name, created_at, customer_count, activity_count, report_json)
            VALUES (?, ?, ?, ?, ?)
            """,
            arguments: [directoryName, createdAt, customers, activities, reportJSON]
        )
        let id = lastInsertRowID
        try makeSnapshotLive(id: id)
        if let ingestRunID {
            _ = try finishIngestRun(id: ingestRunID, outcome: .succeeded(snapshotID: id), endedAt: createdAt)
        }
        guard let record = try snapshot(id: id) else {
            throw StoreError.snapshotNotFound(store: path, id: id)
        }
        return record
    }

    /// The snapshot with row id `id`, if any.
    public func snapshot(id: Int64) throws -> SnapshotRecord? {
        let statement = try prepare(
            "SELECT \(SnapshotRecord.selection) FROM snapshots AS s, workspace_state AS w WHERE s.id = ?"
        )
        try statement.bind([id])
        return try statement.first(SnapshotRecord.init(row:))
    }

    /// The live snapshot, or nil before the first successful ingest.
    public func liveSnapshot() throws -> SnapshotRecord? {
        try prepare(
            "SELECT \(SnapshotRecord.selection) FROM snapshots AS s JOIN workspace_state AS w ON s.id = w.live_snapshot_id"
        ).first(SnapshotRecord.init(row:))
    }

    /// Every snapshot record, oldest first.
    public func snapshots() throws -> [SnapshotRecord] {
        try prepare(
            "SELECT \(SnapshotRecord.selection) FROM snapshots AS s, workspace_state AS w ORDER BY s.id"
        ).map(SnapshotRecord.init(row:))
    }

    /// Makes snapshot `id` the live one.
    /// - Throws: ``StoreError/snapshotNotFound(store:id:)``.
    public func makeSnapshotLive(id: Int64) throws {
        guard try snapshot(id: id) != nil else {
            throw StoreError.snapshotNotFound(store: path, id: id)
        }
        try execute("UPDATE workspace_state SET live_snapshot_id = ? WHERE id = 1", arguments: [id])
    }

    /// Deletes the record of snapshot `id` and returns it; ingest runs that
    /// produced it keep their history with no snapshot. The caller removes
    /// the folder.
    /// - Throws: ``StoreError/snapshotIsLive(store:id:directoryName:)`` for the
    ///   live snapshot, ``StoreError/snapshotNotFound(store:id:)``.
    public func deleteSnapshot(id: Int64) throws -> SnapshotRecord {
        guard let record = try snapshot(id: id) else {
            throw StoreError.snapshotNotFound(store: path, id: id)
        }
        if record.isLive {
            throw StoreError.snapshotIsLive(store: path, id: id, directoryName: record.directoryName)
        }
        try execute("DELETE FROM snapshots WHERE id = ?", arguments: [id])
        return record
    }

    /// Reserves the next generation number: returns it and moves the counter
    /// on, so no two calls get the same number, even across processes and
    /// after snapshots are deleted.
    public func nextSnapshotNumber() throws -> Int {
        let statement = try prepare(
            "UPDATE workspace_state SET next_snapshot_number = next_snapshot_number + 1 WHERE id = 1 RETURNING next_snapshot_number - 1"
        )
        guard let number = try statement.singleValue(Int.self) else {
            preconditionFailure("Database.nextSnapshotNumber(): workspace_state has no row in \(path)")
        }
        return number
    }
}
