import Foundation

// Suggestion runs on one connection. A run and its suggestions are recorded
// together; each suggestion moves once, from new to accepted or dismissed.
extension Database {
    /// Records a run with its suggestions; the run is `open` unless it has none.
    /// - Precondition: ranks are distinct and at least 1.
    public func recordSuggestionRun(
        kind: SuggestionRunRecord.Kind, inputsJSON: String, runJSON: String,
        suggestions: [SuggestionRunRecord.NewItem], at date: Date
    ) throws -> SuggestionRunRecord {
        precondition(Set(suggestions.map(\.rank)).count == suggestions.count && suggestions.allSatisfy { $0.rank >= 1 },
                     "Database.recordSuggestionRun(kind:inputsJSON:runJSON:suggestions:at:): ranks must be distinct and at least 1")
        let status: SuggestionRunRecord.Status = suggestions.isEmpty ? .reviewed : .open
        try execute(
            "INSERT INTO suggestion_runs (kind, created_at, inputs_json, run_json, status) VALUES (?, ?, ?, ?, ?)",
            arguments: [kind.rawValue, date, inputsJSON, runJSON, status.rawValue])
        let id = lastInsertRowID
        let insert = try prepare("""
            INSERT INTO suggestions (run_id, rank, title, definition_text, member_count, status)
            VALUES (?, ?, ?, ?, ?, 'new')
            """)
        for item in suggestions {
            insert.reset()
            try insert.bind([id, item.rank, item.title, item.definitionText, item.memberCount])
            try insert.execute()
        }
        return try requireSuggestionRun(id: id)
    }

    /// The run with id `id`, if any.
    public func suggestionRun(id: Int64) throws -> SuggestionRunRecord? {
        let statement = try prepare("SELECT \(SuggestionRunRecord.selection) FROM suggestion_runs WHERE id = ?")
        try statement.bind([id])
        guard var run = try statement.first({ try SuggestionRunRecord(row: $0, suggestions: []) }) else { return nil }
        run.suggestions = try suggestionItems(runID: id)
        return run
    }

    /// The run with id `id`.
    /// - Throws: ``SuggestionStoreError/runNotFound(store:id:)``.
    public func requireSuggestionRun(id: Int64) throws -> SuggestionRunRecord {
        guard let run = try suggestionRun(id: id) else { throw SuggestionStoreError.runNotFound(store: path, id: id) }
        return run
    }

    /// The latest runs, newest first, at most `limit`.
    public func suggestionRuns(limit: Int) throws -> [SuggestionRunRecord] {
        precondition(limit >= 0, "Database.suggestionRuns(limit:): negative limit \(limit)")
        let statement = try prepare("SELECT \(SuggestionRunRecord.selection) FROM suggestion_runs ORDER BY id DESC LIMIT ?")
        try statement.bind([limit])
        var runs = try statement.map { try SuggestionRunRecord(row: $0, suggestions: []) }
        for index in runs.indices {
            runs[index].suggestions = try suggestionItems(runID: runs[index].id)
        }
        return runs
    }

    /// Marks suggestion `rank` of run `runID` accepted as segment `segmentID`.
    /// - Throws: ``SuggestionStoreError`` for an unknown run or rank, or a suggestion already decided.
    @discardableResult
    public func acceptSuggestion(runID: Int64, rank: Int, segmentID: Int64, at date: Date) throws -> SuggestionRunRecord {
        _ = try requireSegment(id: segmentID)
        return try decideSuggestion(runID: runID, rank: rank, as: .accepted, segmentID: segmentID, at: date)
    }

    /// Marks suggestion `rank` of run `runID` dismissed.
    /// - Throws: ``SuggestionStoreError`` for an unknown run or rank, or a suggestion already decided.
    @discardableResult
    public func dismissSuggestion(runID: Int64, rank: Int, at date: Date) throws -> SuggestionRunRecord {
        try decideSuggestion(runID: runID, rank: rank, as: .dismissed, segmentID: nil, at: date)
    }

    /// Checks that suggestion `rank` of run `runID` exists and is still new; returns it.
    public func requireUndecidedSuggestion(runID: Int64, rank: Int) throws -> SuggestionRunRecord.Item {
        let run = try requireSuggestionRun(id: runID)
        guard let item = run.suggestion(rank: rank) else {
            throw SuggestionStoreError.suggestionNotFound(store: path, runID: runID, rank: rank, count: run.suggestions.count)
        }
        guard item.status == .new else {
            throw SuggestionStoreError.alreadyDecided(store: path, runID: runID, rank: rank, status: item.status)
        }
        return item
    }

    // MARK: - Helpers

    /// The suggestions of run `runID`, by rank.
    private func suggestionItems(runID: Int64) throws -> [SuggestionRunRecord.Item] {
        let statement = try prepare(
            "SELECT \(SuggestionRunRecord.itemSelection) FROM suggestions WHERE run_id = ? ORDER BY rank")
        try statement.bind([runID])
        return try statement.map(SuggestionRunRecord.Item.init(row:))
    }

    /// Moves a new suggestion to `decision` and closes the run once nothing is left undecided.
    private func decideSuggestion(
        runID: Int64, rank: Int, as decision: SuggestionRunRecord.Decision, segmentID: Int64?, at date: Date
    ) throws -> SuggestionRunRecord {
        _ = try requireUndecidedSuggestion(runID: runID, rank: rank)
        try execute(
            "UPDATE suggestions SET status = ?, accepted_segment_id = ?, decided_at = ? WHERE run_id = ? AND rank = ?",
            arguments: [decision.rawValue, segmentID, date, runID, rank])
        try execute("""
            UPDATE suggestion_runs SET status = 'reviewed'
            WHERE id = ? AND NOT EXISTS (SELECT 1 FROM suggestions WHERE run_id = ? AND status = 'new')
            """, arguments: [runID, runID])
        return try requireSuggestionRun(id: runID)
    }
}
