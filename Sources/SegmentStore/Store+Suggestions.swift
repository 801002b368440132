import Foundation

// One-call suggestion runs, each its own transaction.
extension Store {
    /// Records a run with its suggestions in one transaction; see
    /// ``Database/recordSuggestionRun(kind:inputsJSON:runJSON:suggestions:at:)``.
    @discardableResult
    public func recordSuggestionRun(
        kind: SuggestionRunRecord.Kind, inputsJSON: String, runJSON: String,
        suggestions: [SuggestionRunRecord.NewItem], at date: Date = Date()
    ) throws -> SuggestionRunRecord {
        try write { db in
            try db.recordSuggestionRun(kind: kind, inputsJSON: inputsJSON, runJSON: runJSON, suggestions: suggestions, at: date)
        }
    }

    /// The run with id `id`, if any.
    public func suggestionRun(id: Int64) throws -> SuggestionRunRecord? {
        try read { db in try db.suggestionRun(id: id) }
    }

    /// The latest runs, newest first.
    public func suggestionRuns(limit: Int = 50) throws -> [SuggestionRunRecord] {
        try read { db in try db.suggestionRuns(limit: limit) }
    }

    /// Marks a suggestion accepted as an existing segment.
    @discardableResult
    public func acceptSuggestion(runID: Int64, rank: Int, segmentID: Int64, at date: Date = Date()) throws -> SuggestionRunRecord {
        try write { db in try db.acceptSuggestion(runID: runID, rank: rank, segmentID: segmentID, at: date) }
    }

    /// Marks a suggestion dismissed.
    @discardableResult
    public func dismissSuggestion(runID: Int64, rank: Int, at date: Date = Date()) throws -> SuggestionRunRecord {
        try write { db in try db.dismissSuggestion(runID: runID, rank: rank, at: date) }
    }
}
