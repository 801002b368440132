import CustomerData
import Foundation
import SegmentStore
import Synchronization

/// One workspace folder: its config, store and data snapshots.
///
/// This is the facade the CLI and the server call; it alone combines the
/// modules below it (CustomerData, Segments, SegmentStore, LinearAlgebra).
public final class Workspace: Sendable {
    /// The version of Audience, printed by `audience version`.
    public static let version = "0.1.0"

    /// The workspace folder.
    public let directory: URL
    /// The parsed and checked `audience.json`.
    public let config: WorkspaceConfig
    let store: Store
    /// The live generation as last opened, kept for the next reads: a generation's
    /// files never change, so its mapping stays good until another goes live.
    let openedSnapshot = Mutex<Snapshot?>(nil)

    /// The folders every workspace has.
    static let folders = ["data", "models", "exports"]
    static let storeFileName = "audience.sqlite"

    init(directory: URL, config: WorkspaceConfig, store: Store) {
        self.directory = directory
        self.config = config
        self.store = store
    }

    /// Opens the workspace in `directory`.
    ///
    /// - Throws: `WorkspaceError.notAWorkspace`, `.invalidConfig` naming the field,
    ///   or a store error (busy, or a store made by a newer Audience).
    public static func open(at directory: URL) throws -> Workspace {
        let config = try WorkspaceConfig.load(fromWorkspace: directory)
        let directory = directory.standardizedFileURL
        for folder in folders {
            try FileManager.default.createDirectory(
                at: directory.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let store = try Store(path: directory.appendingPathComponent(storeFileName).path)
        return Workspace(directory: directory, config: config, store: store)
    }

    /// The folder of the data generations.
    var dataDirectory: URL { directory.appendingPathComponent("data") }

    /// The absolute location of a source path from `audience.json`.
    func resolve(_ path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)
    }
}
