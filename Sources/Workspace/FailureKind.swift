import CustomerData
import Lookalike
import SegmentStore
import Segments
import Suggestions

/// What kind of failure an error is, for exit codes and HTTP statuses.
public enum FailureKind: Sendable, Equatable {
    /// The input data is malformed (a CSV cell, a missing column or file).
    case badInput
    /// The workspace or its config is missing or invalid, or not ready for the command.
    case workspace
    /// Another process holds the store's write lock.
    case busy
    /// Anything else: a bug or an environment failure.
    case other

    public init(of error: any Error) {
        switch error {
        case is IngestError, is SegmentSyntaxError, is SegmentValidationError, is EvaluationError, is MemberSetError:
            self = .badInput
        case WorkspaceError.badValue: self = .badInput
        case is SegmentLifecycleError, is ScheduleError: self = .badInput
        case is SuggestionError, is SuggestionStoreError: self = .badInput
        case is LookalikeError: self = .badInput
        case StoreError.unknownMigrations: self = .workspace
        case is StoreError: self = .badInput
        case WorkspaceError.busy: self = .busy
        case WorkspaceError.missingFile: self = .badInput
        case is WorkspaceError: self = .workspace
        case let error as DatabaseError where error.isBusy: self = .busy
        default: self = .other
        }
    }
}
