import Foundation

/// A problem with the workspace itself (as opposed to its input data).
public enum WorkspaceError: Error, CustomStringConvertible, Equatable {
    /// The folder has no `audience.json`.
    case notAWorkspace(path: String)
    /// `audience init` was pointed at a folder that already holds a workspace.
    case alreadyAWorkspace(path: String)
    /// `audience.json` could not be read or does not describe a valid workspace.
    case invalidConfig(file: String, field: String, message: String)
    /// Nothing has been ingested yet.
    case noSnapshot
    /// A source or fixture file that the workspace names is not there.
    case missingFile(path: String, role: String)
    /// A value given to a command does not parse.
    case badValue(field: String, value: String, expected: String)
    /// Another process is doing work that excludes this one (`what`: "an ingest").
    case busy(what: String)

    public var description: String {
        switch self {
        case .notAWorkspace(let path):
            return "\(path): not an Audience workspace (no audience.json); create one with 'audience init \(path)'"
        case .alreadyAWorkspace(let path):
            return "\(path): already holds a workspace (audience.json exists); pick another folder or remove it"
        case .invalidConfig(let file, let field, let message):
            return field.isEmpty ? "\(file): \(message)" : "\(file): \(field): \(message)"
        case .noSnapshot:
            return "the workspace has no data yet; run 'audience ingest' first"
        case .missingFile(let path, let role):
            return "\(path): \(role) not found"
        case .badValue(let field, let value, let expected):
            return "\(field): \"\(value)\" is not \(expected)"
        case .busy(let what):
            return "the workspace is busy: another audience process is running \(what); try again when it ends"
        }
    }
}
