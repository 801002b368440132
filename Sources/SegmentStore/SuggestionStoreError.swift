import Foundation

/// A suggestion request the store refuses. Nothing has changed when it is thrown.
public enum SuggestionStoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No suggestion run has this id.
    case runNotFound(store: String, id: Int64)
    /// The run has no suggestion with this rank.
    case suggestionNotFound(store: String, runID: Int64, rank: Int, count: Int)
    /// The suggestion was already decided and cannot be decided again.
    case alreadyDecided(store: String, runID: Int64, rank: Int, status: SuggestionRunRecord.Decision)

    public var description: String {
        switch self {
        case .runNotFound(let store, let id):
            "\(StoreError.fileName(store)): no suggestion run with id \(id) ('audience suggest list' shows them)"
        case .suggestionNotFound(let store, let runID, let rank, let count):
            "\(StoreError.fileName(store)): suggestion run \(runID) has no suggestion \(rank)"
                + (count == 0 ? " (it has none)" : " (ranks 1 to \(count))")
        case .alreadyDecided(let store, let runID, let rank, let status):
            "\(StoreError.fileName(store)): suggestion \(rank) of run \(runID) was already \(status.rawValue)"
        }
    }
}
