import Foundation
import Lookalike
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

// Reading and changing what similar customers stored for an expansion segment. Beside
// the model (`models/expansion-ID.json/.bin`) and its settings (`.request.json`) live the
// target's scores (`.scores.bin`, see `ExpansionScores`) and the result (`.result.json`);
// every scoring — `findSimilar`, a refresh, a rescore — rewrites both, and a new
// threshold re-selects from the scores without retraining.
extension Workspace {
    /// Keeps `summary` as the stored result of its expansion segment (`summary.segment`).
    ///
    /// Scoring already keeps its result; this is for a summary computed elsewhere.
    /// - Throws: `SegmentLifecycleError` for an unknown segment or one that is not an
    ///   expansion segment; write errors as `SegmentLifecycleError.cannotWrite`.
    public func saveExpansionResult(_ summary: SimilarSummary, at date: Date = Date()) throws {
        let record = try requireExpansionSegment(named: summary.segment)
        let request = try expansionRequest(of: record)
        try writeExpansionResult(ExpansionResult(summary: summary, request: request, computedAt: date), segmentID: record.id)
    }

    /// The stored result of expansion segment `name`, or nil when none was stored
    /// (a segment made before results were kept); ``rescoreExpansion(segment:asOf:)`` makes one.
    ///
    /// - Throws: `SegmentLifecycleError.unknownSegment`, or `.unsupported` when the
    ///   segment is not an expansion segment.
    public func expansionResult(segment name: String) throws -> ExpansionResult? {
        let record = try requireExpansionSegment(named: name)
        return try storedExpansionResult(of: record)
    }

    /// Changes how expansion segment `name` selects its members — a score `threshold`
    /// in [0, 1], or else the top `topShare` of the target — and stores the new
    /// membership as a manual refresh run, with the new settings and result.
    ///
    /// The members are re-selected exactly from the scores of the last scoring, without
    /// retraining: every target customer whose stored score is at least the threshold
    /// (plus the source when the segment keeps it). Only when those scores are missing or
    /// were computed on another snapshot generation (a re-ingest may have moved rows) is
    /// the model retrained and the target rescored, as ``rescoreExpansion(segment:asOf:)``
    /// does. The saved settings change only when the selection is stored.
    ///
    /// - Complexity: O(n) in the target audience for a threshold, O(n log n) for a top share.
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
        if let result = try reselectFromStoredScores(record, request: request, asOf: asOf) {
            return result
        }
        return try rescore(record, request: request, asOf: asOf)
    }

    /// Retrains expansion segment `name` on its source's current members with its saved
    /// settings, rescores the target and stores the members as a manual refresh run, with
    /// new scores and result (what the page's "Score now" does for a segment without one).
    ///
    /// - Throws: as ``reselectExpansion(segment:threshold:topShare:asOf:)``.
    @discardableResult
    public func rescoreExpansion(segment name: String, asOf: Date = Date()) throws -> ExpansionResult {
        let record = try requireExpansionSegment(named: name)
        return try rescore(record, request: try expansionRequest(of: record), asOf: asOf)
    }

    // MARK: - Selecting

    /// Why a re-selection from stored scores gave way to a rescore.
    private struct StaleScores: Error {}

    /// Re-selects from the stored scores, or nil when they are missing, damaged, or were
    /// computed on another snapshot generation than the live one.
    private func reselectFromStoredScores(
        _ record: SegmentRecord, request: SimilarRequest, asOf: Date
    ) throws -> ExpansionResult? {
        guard let scores = try? ExpansionScores.read(from: expansionScoresURL(segmentID: record.id)),
              let stored = try? storedExpansionResult(of: record),
              scores.snapshotID != nil, scores.snapshotID == (try store.liveSnapshot()?.id)
        else { return nil }

        let threshold = request.threshold
            ?? scores.threshold(forSize: Int((request.topShare * Double(scores.targetRows.count)).rounded()))
        var rows = scores.targetRows(scoringAtLeast: threshold)
        let targetMemberCount = rows.count
        if request.includesSource { rows += scores.sourceRows }
        let members = MemberSet(rows)
        do {
            try store.write { db in
                // Checked inside the transaction: a re-ingest since scoring means a rescore.
                guard try db.liveSnapshot()?.id == scores.snapshotID else { throw StaleScores() }
                let run = try db.queueRefreshRun(segmentID: record.id, trigger: .manual, at: Date())
                try db.startRefreshRun(id: run.id, snapshotID: scores.snapshotID, at: Date())
                try db.commitRefresh(runID: run.id, members: members, asOf: asOf, endedAt: Date())
            }
        } catch is StaleScores {
            return nil
        }
        var summary = stored.summary
        summary.segment = record.name
        summary.threshold = threshold
        summary.memberCount = targetMemberCount + (request.includesSource ? scores.sourceRows.count : 0)
        summary.targetCount = scores.targetRows.count
        summary.histogram = Self.histogram(of: scores.targetScores, binCount: max(1, stored.summary.histogram.count))
        summary.bands = Self.bands(of: scores.targetScores)
        summary.topMembers = try topMembers(of: scores, threshold: threshold, includesSource: request.includesSource,
                                            known: stored.summary.topMembers, segmentID: record.id)
        let result = ExpansionResult(summary: summary, request: request, computedAt: Date())
        try saveExpansionRequest(request, segmentID: record.id)
        try writeExpansionResult(result, segmentID: record.id)
        return result
    }

    /// Retrains and rescores with `request`, storing the members as a manual refresh run.
    private func rescore(_ record: SegmentRecord, request: SimilarRequest, asOf: Date) throws -> ExpansionResult {
        let run = try store.queueRefreshRun(segmentID: record.id, trigger: .manual)
        do {
            try store.startRefreshRun(id: run.id, snapshotID: try store.liveSnapshot()?.id)
            let scored = try scoreExpansion(request, segment: record.name, segmentID: record.id, asOf: asOf)
            try saveExpansionRequest(request, segmentID: record.id)
            try store.commitRefresh(runID: run.id, members: scored.members, asOf: asOf, endedAt: Date())
            return scored.result
        } catch {
            _ = try? store.failRefreshRun(id: run.id, report: String(describing: error))
            throw error
        }
    }

    /// The ten best-scoring members at `threshold`, best first (ties: lower row first), with
    /// the reasons already stored for them, and the model's reasons for the others.
    private func topMembers(
        of scores: ExpansionScores, threshold: Double, includesSource: Bool,
        known: [SimilarSummary.Member], segmentID: Int64, count: Int = 10
    ) throws -> [SimilarSummary.Member] {
        var best: [(row: UInt32, score: Float)] = []
        func consider(_ row: UInt32, _ score: Float) {
            if best.count == count, let last = best.last, score < last.score || (score == last.score && row > last.row) { return }
            let index = best.firstIndex { score > $0.score || (score == $0.score && row < $0.row) } ?? best.endIndex
            best.insert((row, score), at: index)
            if best.count > count { best.removeLast() }
        }
        for index in scores.targetScores.indices where Double(scores.targetScores[index]) >= threshold {
            consider(scores.targetRows[index], scores.targetScores[index])
        }
        if includesSource {
            for index in scores.sourceRows.indices { consider(scores.sourceRows[index], scores.sourceScores[index]) }
        }
        let snapshot = try liveSnapshot()
        let ids = best.map { snapshot.customerID(ofRow: Int($0.row)) }
        let reasonsByID = Dictionary(known.map { ($0.customerID, $0.reasons) }, uniquingKeysWith: { first, _ in first })
        let missing = best.indices.filter { reasonsByID[ids[$0]] == nil }
        var reasons: [Int: [String]] = [:]
        if !missing.isEmpty {
            let model = try LookalikeModel.load(from: directory.appendingPathComponent("models/expansion-\(segmentID).json"))
            let embedding = try model.encoder.encode(snapshot, rows: missing.map { best[$0].row })
            let found = model.reasons(of: embedding, rows: Array(0..<missing.count))
            for (position, index) in missing.enumerated() { reasons[index] = found[position].map(\.text) }
        }
        return best.indices.map { index in
            let score = Double(best[index].score)
            return SimilarSummary.Member(
                customerID: ids[index], score: score, band: SimilarityBand(score: score).rawValue,
                reasons: reasonsByID[ids[index]] ?? reasons[index] ?? [])
        }
    }

    /// Customers per equal-width score bin over [0, 1] (the last bin includes 1).
    static func histogram(of scores: [Float], binCount: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: binCount)
        for score in scores { counts[min(binCount - 1, max(0, Int(Double(score) * Double(binCount))))] += 1 }
        return counts
    }

    /// Customers per similarity band, lowest band first.
    static func bands(of scores: [Float]) -> [SimilarSummary.Band] {
        var counts: [SimilarityBand: Int] = [:]
        for score in scores { counts[SimilarityBand(score: Double(score)), default: 0] += 1 }
        return SimilarityBand.allCases.map {
            SimilarSummary.Band(band: $0.rawValue, lowerBound: $0.lowerBound, count: counts[$0] ?? 0)
        }
    }

    /// Removes the files similar customers keep for segment `segmentID` (model, settings,
    /// scores, result): `models/expansion-ID.*`. Missing files are fine.
    func removeExpansionFiles(segmentID: Int64) {
        let models = directory.appendingPathComponent("models")
        let prefix = "expansion-\(segmentID)."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: models.path) else { return }
        for name in names where name.hasPrefix(prefix) {
            try? FileManager.default.removeItem(at: models.appendingPathComponent(name))
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

    /// The settings saved when the expansion segment was made (or last changed).
    func expansionRequest(of record: SegmentRecord) throws -> SimilarRequest {
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

    /// The stored result of `record`, or nil when none was stored.
    private func storedExpansionResult(of record: SegmentRecord) throws -> ExpansionResult? {
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
                message: "cannot be read (\(error)); score the segment again to compute it")
        }
    }

    func expansionScoresURL(segmentID: Int64) -> URL {
        directory.appendingPathComponent("models/expansion-\(segmentID).scores.bin")
    }

    private func expansionResultURL(segmentID: Int64) -> URL {
        directory.appendingPathComponent("models/expansion-\(segmentID).result.json")
    }

    func writeExpansionResult(_ result: ExpansionResult, segmentID: Int64) throws {
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
