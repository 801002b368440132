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

    // MARK: Segments

    /// No segment has this id.
    case segmentNotFound(store: String, id: Int64)
    /// No segment has this name.
    case segmentNameNotFound(store: String, name: String)
    /// Another segment already has this name (names ignore ASCII case).
    case duplicateSegmentName(store: String, name: String)
    /// The name cannot name a segment or export.
    case invalidName(store: String, name: String, reason: String)
    /// The tag cannot be used.
    case invalidTag(store: String, segment: String, tag: String, reason: String)
    /// The change would give a segment more than the allowed number of tags.
    case tooManyTags(store: String, segment: String, count: Int, limit: Int)
    /// The segment cannot be deleted while other segments or exports use it.
    case segmentInUse(store: String, segment: String, dependents: [String], exports: [String])
    /// Referring to `referenced` from `segment` would make a cycle.
    case dependencyCycle(store: String, segment: String, referenced: String)
    /// A schedule or scheduled time that cannot be used.
    case invalidSchedule(store: String, segment: String?, reason: String)

    // MARK: Refresh runs

    /// No refresh run has this id.
    case refreshRunNotFound(store: String, id: Int64)
    /// The run cannot move from its status to the one asked for.
    case refreshRunTransition(store: String, id: Int64, from: RefreshRunStatus, to: RefreshRunStatus)
    /// No kept membership is tied to this refresh run.
    case membershipNotFound(store: String, segment: String, refreshRunID: Int64)

    // MARK: Exports

    /// No export has this id.
    case exportNotFound(store: String, id: Int64)
    /// No export has this name.
    case exportNameNotFound(store: String, name: String)
    /// Another export already has this name.
    case duplicateExportName(store: String, name: String)
    /// The export's settings cannot be used.
    case invalidExport(store: String, name: String, reason: String)
    /// No export run has this id.
    case exportRunNotFound(store: String, id: Int64)
    /// The export run has already ended.
    case exportRunAlreadyFinished(store: String, id: Int64)

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
        case .segmentNotFound(let store, let id):
            "\(Self.fileName(store)): no segment with id \(id)"
        case .segmentNameNotFound(let store, let name):
            "\(Self.fileName(store)): no segment named \"\(name)\"; `audience segments list` shows them"
        case .duplicateSegmentName(let store, let name):
            "\(Self.fileName(store)): a segment named \"\(name)\" already exists; choose another name"
        case .invalidName(let store, let name, let reason):
            "\(Self.fileName(store)): \"\(name)\" cannot be used as a name: \(reason)"
        case .invalidTag(let store, let segment, let tag, let reason):
            "\(Self.fileName(store)): segment \"\(segment)\": tag \"\(tag)\" cannot be used: \(reason)"
        case .tooManyTags(let store, let segment, let count, let limit):
            "\(Self.fileName(store)): segment \"\(segment)\" would have \(count) tags; at most \(limit) are allowed"
        case .segmentInUse(let store, let segment, let dependents, let exports):
            "\(Self.fileName(store)): segment \"\(segment)\" is in use and cannot be deleted: "
                + Self.uses(dependents: dependents, exports: exports)
        case .dependencyCycle(let store, let segment, let referenced):
            "\(Self.fileName(store)): segment \"\(segment)\" cannot refer to \"\(referenced)\", "
                + "which already depends on \"\(segment)\""
        case .invalidSchedule(let store, let segment, let reason):
            "\(Self.fileName(store)): \(segment.map { "segment \"\($0)\": " } ?? "")\(reason)"
        case .refreshRunNotFound(let store, let id):
            "\(Self.fileName(store)): no refresh run with id \(id)"
        case .refreshRunTransition(let store, let id, let from, let to):
            "\(Self.fileName(store)): refresh run \(id) is \(from.rawValue) and cannot become \(to.rawValue)"
        case .membershipNotFound(let store, let segment, let refreshRunID):
            "\(Self.fileName(store)): segment \"\(segment)\" keeps no membership of refresh run \(refreshRunID)"
        case .exportNotFound(let store, let id):
            "\(Self.fileName(store)): no export with id \(id)"
        case .exportNameNotFound(let store, let name):
            "\(Self.fileName(store)): no export named \"\(name)\""
        case .duplicateExportName(let store, let name):
            "\(Self.fileName(store)): an export named \"\(name)\" already exists; choose another name"
        case .invalidExport(let store, let name, let reason):
            "\(Self.fileName(store)): export \"\(name)\": \(reason)"
        case .exportRunNotFound(let store, let id):
            "\(Self.fileName(store)): no export run with id \(id)"
        case .exportRunAlreadyFinished(let store, let id):
            "\(Self.fileName(store)): export run \(id) has already ended"
        }
    }

    /// What uses a segment, e.g. `segments "A", "B" refer to it; export "CRM" contains it`.
    private static func uses(dependents: [String], exports: [String]) -> String {
        var parts: [String] = []
        if !dependents.isEmpty {
            let names = dependents.map { "\"\($0)\"" }.joined(separator: ", ")
            parts.append(dependents.count == 1 ? "segment \(names) refers to it" : "segments \(names) refer to it")
        }
        if !exports.isEmpty {
            let names = exports.map { "\"\($0)\"" }.joined(separator: ", ")
            parts.append(exports.count == 1 ? "export \(names) contains it" : "exports \(names) contain it")
        }
        return parts.joined(separator: "; ")
            + " (change those segments' definitions first; remove it from exports, or delete with --force)"
    }

    /// The last path component of `path`, as users know the store file.
    static func fileName(_ path: String) -> String {
        URL(fileURLWithPath: path).lastPathComponent
    }
}
