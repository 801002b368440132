import Foundation

// Refresh runs on one connection. A run is queued, started, and ends
// succeeded (through `commitRefresh`), failed, skipped or canceled; every
// move is checked against `RefreshRunStatus.canMove(to:)`.
extension Database {
    /// Queues a refresh of segment `segmentID`. A manual run counts as a use
    /// of the segment for auto-deactivation.
    /// - Throws: ``StoreError/segmentNotFound(store:id:)``.
    public func queueRefreshRun(segmentID: Int64, trigger: RefreshTrigger, at date: Date) throws -> RefreshRunRecord {
        _ = try requireSegment(id: segmentID)
        try execute(
            "INSERT INTO refresh_runs (segment_id, trigger, status, queued_at) VALUES (?, ?, 'queued', ?)",
            arguments: [segmentID, trigger.rawValue, date]
        )
        let id = lastInsertRowID
        if trigger == .manual {
            try execute("UPDATE segments SET last_used_at = ? WHERE id = ?", arguments: [date, segmentID])
        }
        return try requireRefreshRun(id: id)
    }

    /// Marks queued run `id` refreshing, evaluating `snapshotID` if given.
    /// - Throws: ``StoreError/refreshRunTransition(store:id:from:to:)`` unless
    ///   the run is queued.
    @discardableResult
    public func startRefreshRun(id: Int64, snapshotID: Int64? = nil, at date: Date) throws -> RefreshRunRecord {
        _ = try checkedRun(id: id, moving: .refreshing)
        try execute(
            "UPDATE refresh_runs SET status = 'refreshing', started_at = ?, snapshot_id = ? WHERE id = ?",
            arguments: [date, snapshotID, id]
        )
        return try requireRefreshRun(id: id)
    }

    /// Ends run `id` as failed with `report`, text a person can act on.
    @discardableResult
    public func failRefreshRun(id: Int64, report: String, at date: Date) throws -> RefreshRunRecord {
        try endRun(id: id, status: .failed, column: "error_report", text: report, at: date)
    }

    /// Ends queued run `id` as skipped, saying why (e.g. "inactive", "depends
    /// on \"X\", which failed").
    @discardableResult
    public func skipRefreshRun(id: Int64, reason: String, at date: Date) throws -> RefreshRunRecord {
        try endRun(id: id, status: .skipped, column: "skip_reason", text: reason, at: date)
    }

    /// Ends queued or refreshing run `id` as canceled.
    @discardableResult
    public func cancelRefreshRun(id: Int64, at date: Date) throws -> RefreshRunRecord {
        try endRun(id: id, status: .canceled, column: nil, text: nil, at: date)
    }

    /// The run with id `id`, if any.
    public func refreshRun(id: Int64) throws -> RefreshRunRecord? {
        let statement = try prepare("SELECT \(RefreshRunRecord.selection) FROM refresh_runs WHERE id = ?")
        try statement.bind([id])
        return try statement.first(RefreshRunRecord.init(row:))
    }

    /// The run with id `id`.
    /// - Throws: ``StoreError/refreshRunNotFound(store:id:)``.
    public func requireRefreshRun(id: Int64) throws -> RefreshRunRecord {
        guard let run = try refreshRun(id: id) else {
            throw StoreError.refreshRunNotFound(store: path, id: id)
        }
        return run
    }

    /// The latest runs of segment `segmentID`, newest first, at most `limit`.
    public func refreshRuns(segmentID: Int64, limit: Int) throws -> [RefreshRunRecord] {
        precondition(limit >= 0, "Database.refreshRuns(segmentID:limit:): negative limit \(limit)")
        let statement = try prepare(
            "SELECT \(RefreshRunRecord.selection) FROM refresh_runs WHERE segment_id = ? ORDER BY id DESC LIMIT ?"
        )
        try statement.bind([segmentID, limit])
        return try statement.map(RefreshRunRecord.init(row:))
    }

    /// The latest runs of every segment, newest first, at most `limit`.
    public func recentRefreshRuns(limit: Int) throws -> [RefreshRunRecord] {
        precondition(limit >= 0, "Database.recentRefreshRuns(limit:): negative limit \(limit)")
        let statement = try prepare("SELECT \(RefreshRunRecord.selection) FROM refresh_runs ORDER BY id DESC LIMIT ?")
        try statement.bind([limit])
        return try statement.map(RefreshRunRecord.init(row:))
    }

    /// The last successful run of segment `segmentID` ("last refreshed").
    public func lastSuccessfulRefreshRun(segmentID: Int64) throws -> RefreshRunRecord? {
        let statement = try prepare("""
            SELECT \(RefreshRunRecord.selection) FROM refresh_runs
            WHERE segment_id = ? AND status = 'succeeded' ORDER BY id DESC LIMIT 1
            """)
        try statement.bind([segmentID])
        return try statement.first(RefreshRunRecord.init(row:))
    }

    /// Runs still queued or refreshing, oldest first: after a crash, the ones
    /// whose process died (the caller fails or cancels them).
    public func unfinishedRefreshRuns() throws -> [RefreshRunRecord] {
        try prepare("""
            SELECT \(RefreshRunRecord.selection) FROM refresh_runs
            WHERE status IN ('queued', 'refreshing') ORDER BY id
            """).map(RefreshRunRecord.init(row:))
    }

    // MARK: - Helpers

    /// Run `id`, after checking it can move to `next`.
    func checkedRun(id: Int64, moving next: RefreshRunStatus) throws -> RefreshRunRecord {
        let run = try requireRefreshRun(id: id)
        guard run.status.canMove(to: next) else {
            throw StoreError.refreshRunTransition(store: path, id: id, from: run.status, to: next)
        }
        return run
    }

    /// Ends run `id` with `status`, setting `column` to `text`.
    private func endRun(id: Int64, status: RefreshRunStatus, column: String?, text: String?, at date: Date) throws -> RefreshRunRecord {
        let run = try checkedRun(id: id, moving: status)
        let duration = run.startedAt.map { max(0, date.millisecondsSince1970 - $0.millisecondsSince1970) }
        let setText = column.map { ", \($0) = :text" } ?? ""
        var arguments: [String: (any DatabaseValueConvertible)?] = [
            "status": status.rawValue, "ended": date, "duration": duration, "id": id,
        ]
        if column != nil { arguments["text"] = text }
        try execute(
            "UPDATE refresh_runs SET status = :status, ended_at = :ended, duration_ms = :duration\(setText) WHERE id = :id",
            namedArguments: arguments
        )
        return try requireRefreshRun(id: id)
    }
}
