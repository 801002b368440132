import Foundation

/// A request the store refuses because of what the workspace holds.
///
/// Each description names the store file and says what to do instead.
public enum StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The store records migrations this version of Audience does not know:
    /// it was last opened by a newer Audience.
    case unknownMigrations(store: String, names: [String])
    /// No snapshot has this id.
    case snapshotNotFound(store: String, id: Int64)
    /// The snapshot is the live one and cannot be deleted.
    case snapshotIsLive(store: String, id: Int64, directoryName: String)
    /// No ingest run has this id.
    case ingestRunNotFound(store: String, id: Int64)
    /// The ingest run has already ended and cannot end again.
    case ingestRunAlreadyFinished(store: String, id: Int64, status: IngestRunStatus)

    public var description: String {
        switch self {
        case .unknownMigrations(let store, let names):
            "\(Self.fileName(store)): the store was written by a newer version of Audience "
                + "(unknown migrations: \(names.joined(separator: ", "))); upgrade Audience to open this workspace"
        case .snapshotNotFound(let store, let id):
            "\(Self.fileName(store)): no snapshot with id \(id)"
        case .snapshotIsLive(let store, let id, let directoryName):
            "\(Self.fileName(store)): snapshot \(id) (\(directoryName)) is live and cannot be deleted; "
                + "make another snapshot live first"
        case .ingestRunNotFound(let store, let id):
            "\(Self.fileName(store)): no ingest run with id \(id)"
        case .ingestRunAlreadyFinished(let store, let id, let status):
            "\(Self.fileName(store)): ingest run \(id) has already \(status.rawValue)"
        }
    }

    /// The last path component of `path`, as users know the store file.
    private static func fileName(_ path: String) -> String {
        URL(fileURLWithPath: path).lastPathComponent
    }
}
