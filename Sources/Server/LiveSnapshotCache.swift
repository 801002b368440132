import Foundation
import Synchronization
import Workspace

/// The live snapshot's summary and description, kept for reads that come in bursts.
///
/// Opening the live snapshot maps every column file, and describing it scans every
/// column; doing either per request would make `GET /api/workspace` cost milliseconds.
/// The summary is re-read when it is older than `maxAgeSeconds` (so an ingest run by
/// another process shows within that time) or after `invalidate()` (an ingest job of
/// this server); the description is recomputed only when the live generation changes.
final class LiveSnapshotCache: Sendable {
    private struct Summary {
        var snapshot: WorkspaceInfo.Snapshot?
        var readAt: ContinuousClock.Instant
    }

    let workspace: Workspace
    let maxAgeSeconds: Double
    private let summary = Mutex<Summary?>(nil)
    private let description = Mutex<(generation: String, value: WorkspaceDescription)?>(nil)
    private let encoded = Mutex<[String: (generation: String?, bytes: [UInt8])]>([:])

    init(workspace: Workspace, maxAgeSeconds: Double = 1) {
        self.workspace = workspace
        self.maxAgeSeconds = maxAgeSeconds
    }

    /// The live snapshot's generation and counts, or `nil` before the first ingest.
    func snapshot() throws -> WorkspaceInfo.Snapshot? {
        try summary.withLock { cached in
            let now = ContinuousClock.now
            if let cached, now - cached.readAt < .seconds(maxAgeSeconds) {
                return cached.snapshot
            }
            let snapshot = try Self.readSummary(workspace)
            cached = Summary(snapshot: snapshot, readAt: now)
            return snapshot
        }
    }

    /// `describe()` of the live snapshot.
    ///
    /// - Throws: `WorkspaceError.noSnapshot` before the first ingest.
    func describe() throws -> WorkspaceDescription {
        guard let live = try snapshot() else { throw WorkspaceError.noSnapshot }
        return try description.withLock { cached in
            if let cached, cached.generation == live.generation { return cached.value }
            let value = try workspace.describe()
            cached = (value.snapshot.generation, value)
            return value
        }
    }

    /// The JSON answer `name`, made by `make` from the live snapshot's summary and kept
    /// until the live generation changes.
    func encodedAnswer(
        _ name: String, make: (WorkspaceInfo.Snapshot?) throws -> some Encodable
    ) throws -> Response {
        let live = try snapshot()
        if let cached = encoded.withLock({ $0[name] }), cached.generation == live?.generation {
            return Response.bytes(cached.bytes, contentType: Self.jsonType)
        }
        let bytes = Array(try Response.makeEncoder().encode(try make(live)))
        encoded.withLock { $0[name] = (live?.generation, bytes) }
        return Response.bytes(bytes, contentType: Self.jsonType)
    }

    private static let jsonType = "application/json; charset=utf-8"

    /// Forgets the summary, so the next read sees a snapshot made just now.
    func invalidate() {
        summary.withLock { $0 = nil }
    }

    private static func readSummary(_ workspace: Workspace) throws -> WorkspaceInfo.Snapshot? {
        do {
            let live = try workspace.liveSnapshot()
            return WorkspaceInfo.Snapshot(
                generation: live.directory.lastPathComponent, createdAt: live.manifest.createdAt,
                customers: live.customers.rowCount, activities: live.activities.rowCount,
                bytes: live.manifest.totalBytes)
        } catch WorkspaceError.noSnapshot {
            return nil
        }
    }
}
