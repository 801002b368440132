import Foundation
import SegmentStore
import Segments

/// The stored similar-customers result of an expansion segment: the summary of its
/// last scoring (histogram, bands, backtest, influences, top members) and its settings.
public struct ExpansionResult: Codable, Sendable {
    /// What the last scoring found.
    public var summary: SimilarSummary
    /// The settings the segment refreshes with (source, target, fields, threshold or top share).
    public var request: SimilarRequest
    /// When the summary was computed.
    public var computedAt: Date

    public init(summary: SimilarSummary, request: SimilarRequest, computedAt: Date) {
        self.summary = summary
        self.request = request
        self.computedAt = computedAt
    }
}

// Reading and changing what similar customers stored for an expansion segment. The
// result lives beside the model as `models/expansion-ID.result.json`; a refresh by
// schedule retrains and re-selects without rewriting it.
extension Workspace {
    /// Keeps `summary` as the stored result of its expansion segment (`summary.segment`).
    ///
    /// - Throws: `SegmentLifecycleError` for an unknown segment or one that is not an
    ///   expansion segment; write errors as `SegmentLifecycleError.cannotWrite`.
    public func saveExpansionResult(_ summary: SimilarSummary, at date: Date = Date()) throws {
        let record = try requireExpansionSegment(named: summary.segment)
        let request = try expansionRequest(of: record)
        try writeExpansionResult(ExpansionResult(summary: summary, request: request, computedAt: date), segmentID: record.id)
    }

    /// The stored result of expansion segment `name`, or nil when none was stored
    /// (a segment made before results were kept, or by the command line).
    ///
    /// - Throws: `SegmentLifecycleError.unknownSegment`, or `.unsupported` when the
    ///   segment is not an expansion segment.
    public func expansionResult(segment name: String) throws -> ExpansionResult? {
        let record = try requireExpansionSegment(named: name)
        guard let data = FileManager.default.contents(atPath: expansionResultURL(segmentID: record.id).path) else {
            return nil
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            var result = try decoder.decode(ExpansionResult.self, from: data)
            result.summary.segment = record.name
            return result
        } catch {
            throw WorkspaceError.invalidConfig(
                file: "models/" + expansionResultURL(segmentID: record.id).lastPathComponent, field: "summary",
                message: "cannot be read (\(error)); apply a threshold to compute it again")
        }
    }

    /// Changes how expansion segment `name` selects its members — a score `threshold`
    /// in [0, 1], or else the top `topShare` of the target — then retrains on the
    /// source's current members, rescores, stores the new membership as a manual
    /// refresh run and keeps the new result. The saved settings change only when the
    /// scoring succeeds.
    ///
    /// - Throws: `WorkspaceError.badValue` for a threshold or share out of range;
    ///   `SegmentLifecycleError` for an unknown or non-expansion segment or a source
    ///   never refreshed; the lookalike module's errors as `findSimilar` throws them.
    @discardableResult
    public func reselectExpansion(
        segment name: String, threshold: Double?, topShare: Double? = nil, asOf: Date = Date()
    ) throws -> ExpansionResult {
        if let threshold, !(0...1).contains(threshold) {
            throw WorkspaceError.badValue(field: "threshold", value: String(threshold), expected: "a score from 0 to 1")
        }
        if let topShare, !(topShare > 0 && topShare <= 1) {
            throw WorkspaceError.badValue(field: "topShare", value: String(topShare), expected: "a share above 0 and at most 1")
        }
        let record = try requireExpansionSegment(named: name)
        var request = try expansionRequest(of: record)
        request.threshold = threshold
        if let topShare { request.topShare = topShare }

        let run = try store.queueRefreshRun(segmentID: record.id, trigger: .manual)
        do {
            try store.startRefreshRun(id: run.id, snapshotID: try store.liveSnapshot()?.id)
            let (scored, summary) = try runSimilar(request, segment: record.name, segmentID: record.id, asOf: asOf)
            try saveExpansionRequest(request, segmentID: record.id)
            try store.commitRefresh(runID: run.id, members: MemberSet(scored.members.map(\.row)), asOf: asOf, endedAt: Date())
            let result = ExpansionResult(summary: summary, request: request, computedAt: Date())
            try writeExpansionResult(result, segmentID: record.id)
            return result
        } catch {
            _ = try? store.failRefreshRun(id: run.id, report: String(describing: error))
            throw error
        }
    }

    // MARK: - Helpers

    /// The segment named `name`, which must be an expansion segment.
    private func requireExpansionSegment(named name: String) throws -> SegmentRecord {
        let record = try requireSegment(named: name)
        guard record.type == .expansion else {
            throw SegmentLifecycleError.unsupported(
                segment: record.name, reason: "it is a \(record.type.rawValue) segment, not one made by similar customers")
        }
        return record
    }

    /// The settings saved when the expansion segment was made.
    private func expansionRequest(of record: SegmentRecord) throws -> SimilarRequest {
        let url = expansionRequestURL(segmentID: record.id)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw WorkspaceError.missingFile(path: "models/" + url.lastPathComponent, role: "expansion settings")
        }
        do {
            return try JSONDecoder().decode(SimilarRequest.self, from: data)
        } catch {
            throw WorkspaceError.invalidConfig(
                file: "models/" + url.lastPathComponent, field: "settings", message: "cannot be read (\(error))")
        }
    }

    private func expansionResultURL(segmentID: Int64) -> URL {
        directory.appendingPathComponent("models/expansion-\(segmentID).result.json")
    }

    private func writeExpansionResult(_ result: ExpansionResult, segmentID: Int64) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let url = expansionResultURL(segmentID: segmentID)
        do {
            try encoder.encode(result).write(to: url, options: .atomic)
        } catch {
            throw SegmentLifecycleError.cannotWrite(path: "models/" + url.lastPathComponent, reason: error.localizedDescription)
        }
    }
}
