import CustomerData
import Foundation
import Lookalike
import SegmentStore
import Segments

/// What `audience similar` asks for: customers like a source segment's members.
public struct SimilarRequest: Codable, Sendable, Equatable {
    /// The source segment (at least 10 members at its last refresh).
    public var source: String
    /// The new expansion segment's name (default: "Similar to SOURCE").
    public var name: String?
    /// The target audience: a segment, or every customer outside the source when nil.
    public var target: String?
    /// Whether the source members are kept in the expansion segment.
    public var includesSource: Bool
    /// A score threshold in [0, 1]; when nil, the top `topShare` of the target is kept.
    public var threshold: Double?
    /// The share of the target audience to keep when no threshold is given (default 0.2).
    public var topShare: Double
    /// Only these fields (nil: every usable field).
    public var includedFields: [String]?
    /// Fields left out of the embedding.
    public var excludedFields: [String]
    /// Whether the workspace's measures are encoded too (default false: a source defined by a measure would be
    /// found by that measure alone). `includedFields` and `excludedFields` pick measures by name; a measure named
    /// in `includedFields` is encoded even when this is false.
    public var includesMeasures: Bool
    /// Whether recency, frequency, monetary per activity type and the channel mix are encoded (default true).
    public var includesActivityFeatures: Bool
    /// When set, the encoded customers are projected on this many principal components (at least 1, at most the
    /// number of encoded columns).
    public var pcaDimensions: Int?

    public init(
        source: String, name: String? = nil, target: String? = nil, includesSource: Bool = false,
        threshold: Double? = nil, topShare: Double = 0.2, includedFields: [String]? = nil, excludedFields: [String] = [],
        includesMeasures: Bool = false, includesActivityFeatures: Bool = true, pcaDimensions: Int? = nil
    ) {
        self.source = source
        self.name = name
        self.target = target
        self.includesSource = includesSource
        self.threshold = threshold
        self.topShare = topShare
        self.includedFields = includedFields
        self.excludedFields = excludedFields
        self.includesMeasures = includesMeasures
        self.includesActivityFeatures = includesActivityFeatures
        self.pcaDimensions = pcaDimensions
    }

    private enum CodingKeys: String, CodingKey {
        case source, name, target, includesSource, threshold, topShare, includedFields, excludedFields
        case includesMeasures, includesActivityFeatures, pcaDimensions
    }

    /// Reads a request; the encoder options are absent from requests saved before they could be chosen
    /// (no measures, activity features, no PCA).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        source = try container.decode(String.self, forKey: .source)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        target = try container.decodeIfPresent(String.self, forKey: .target)
        includesSource = try container.decode(Bool.self, forKey: .includesSource)
        threshold = try container.decodeIfPresent(Double.self, forKey: .threshold)
        topShare = try container.decode(Double.self, forKey: .topShare)
        includedFields = try container.decodeIfPresent([String].self, forKey: .includedFields)
        excludedFields = try container.decode([String].self, forKey: .excludedFields)
        includesMeasures = try container.decodeIfPresent(Bool.self, forKey: .includesMeasures) ?? false
        includesActivityFeatures = try container.decodeIfPresent(Bool.self, forKey: .includesActivityFeatures) ?? true
        pcaDimensions = try container.decodeIfPresent(Int.self, forKey: .pcaDimensions)
    }
}

/// What `audience similar` did: the expansion segment, its model, scores and why.
public struct SimilarSummary: Codable, Sendable {
    public struct Member: Codable, Sendable {
        public var customerID: String
        public var score: Double
        public var band: String
        public var reasons: [String]
    }

    public struct Band: Codable, Sendable {
        public var band: String
        public var lowerBound: Double
        public var count: Int
    }

    public var segment: String
    public var source: String
    public var target: String
    public var modelFile: String
    public var sourceCount: Int
    public var targetCount: Int
    public var memberCount: Int
    public var threshold: Double
    /// Target customers per band (not similar < 0.55 ≤ somewhat < 0.7 ≤ similar < 0.85 ≤ very similar).
    public var bands: [Band]
    /// Target customers per score bin of equal width over [0, 1].
    public var histogram: [Int]
    public var backtest: Backtest
    /// The features that make the source distinctive and drive the scores, ranked.
    public var influences: [FeatureInfluence]
    public var topMembers: [Member]
    public var warnings: [String]

    /// The summary for the terminal.
    public var text: String {
        var lines = [
            "Expansion segment \"\(segment)\": \(memberCount.grouped) customers similar to \"\(source)\" "
                + "(\(sourceCount.grouped) members) among \(targetCount.grouped) in \(target), scores ≥ \(String(format: "%.3f", threshold))",
            "Model: \(modelFile)",
            "Backtest: \(backtest.heldOutCount) held-out source members found with AUC \(String(format: "%.3f", backtest.auc)), "
                + "\(String(format: "%.0f", 100 * backtest.recall)) % of them at or above \(String(format: "%.3f", backtest.threshold)) "
                + "(the threshold when the model was trained)",
            "Bands: " + bands.map { "\($0.band) \($0.count.grouped)" }.joined(separator: ", "),
        ]
        // Square-root heights, so small bins stay visible beside a tall one.
        let peak = Double(max(1, histogram.max() ?? 1))
        let blocks = Array(" ▁▂▃▄▅▆▇█")
        lines.append("Scores 0 → 1: |" + String(histogram.map {
            blocks[$0 == 0 ? 0 : 1 + min(7, Int((Double($0) / peak).squareRoot() * 7.999))]
        }) + "|")
        if !influences.isEmpty {
            lines.append("What makes the source distinctive:")
            for influence in influences.prefix(8) {
                let direction = influence.isHigherInSource ? "higher" : "lower"
                lines.append("  \(influence.feature): \(direction) in the source (standardized difference "
                    + "\(String(format: "%+.2f", influence.standardizedDifference)))")
            }
        }
        if !topMembers.isEmpty {
            lines.append("Most similar:")
            for member in topMembers {
                lines.append("  \(member.customerID)  \(String(format: "%.3f", member.score))  \(member.band)  "
                    + member.reasons.joined(separator: "; "))
            }
        }
        for warning in warnings { lines.append("warning: \(warning)") }
        return lines.joined(separator: "\n")
    }
}

extension Workspace {
    /// Finds customers similar to a segment's members and stores them as an expansion
    /// segment that refreshes like a dynamic one (retrained on the source's current
    /// members and rescored). The model, the target's scores and the result (what
    /// ``expansionResult(segment:)`` reads) are saved in `models/`.
    ///
    /// - Throws: `WorkspaceError.badValue` naming `pcaDimensions` when it is below 1 or above the number of
    ///   encoded columns, and the errors of the source, target and training.
    public func findSimilar(_ request: SimilarRequest, asOf: Date = Date()) throws -> SimilarSummary {
        if let d = request.pcaDimensions, d < 1 {
            throw WorkspaceError.badValue(field: "pcaDimensions", value: "\(d)", expected: "a number of dimensions of at least 1")
        }
        let source = try requireSegment(named: request.source)
        if let target = request.target { _ = try requireSegment(named: target) }
        let name = request.name ?? "Similar to \(source.name)"
        let created = try createSegment(
            named: name, definition: "in segment \(Self.quoted(source.name))", type: .expansion,
            description: "Customers similar to \(source.name) (similar customers).")
        do {
            try saveExpansionRequest(request, segmentID: created.id)
            let scored = try scoreExpansion(request, segment: name, segmentID: created.id, asOf: asOf)
            try store.write { db in
                let run = try db.queueRefreshRun(segmentID: created.id, trigger: .manual, at: Date())
                try db.startRefreshRun(id: run.id, snapshotID: scored.snapshotID, at: Date())
                try db.commitRefresh(runID: run.id, members: scored.members, asOf: asOf, endedAt: Date())
            }
            return scored.result.summary
        } catch {
            _ = try? store.deleteSegment(id: created.id)
            removeExpansionFiles(segmentID: created.id)
            throw error
        }
    }

    /// What one scoring of an expansion segment gave: its members, the stored result, and
    /// the snapshot the scores refer to.
    struct ExpansionScoring {
        var members: MemberSet
        var result: ExpansionResult
        var snapshotID: Int64?
    }

    /// Trains on the source's current members, scores the target, and keeps the model,
    /// the scores (tied to the live snapshot) and the result; the caller commits the members.
    func scoreExpansion(
        _ request: SimilarRequest, segment: String, segmentID: Int64, asOf: Date
    ) throws -> ExpansionScoring {
        // Read before the snapshot is opened: a re-ingest in between ties the scores to
        // the older generation, so the next re-selection rescores instead of misreading rows.
        let snapshotID = try store.liveSnapshot()?.id
        let (scored, summary) = try runSimilar(request, segment: segment, segmentID: segmentID, asOf: asOf)
        let sources = scored.members.filter(\.isSource)
        let scores = ExpansionScores(
            snapshotID: snapshotID, targetRows: scored.targetRows, targetScores: scored.targetScores.map { Float($0) },
            sourceRows: sources.map(\.row), sourceScores: sources.map { Float($0.score) })
        try scores.write(to: expansionScoresURL(segmentID: segmentID))
        let result = ExpansionResult(summary: summary, request: request, computedAt: Date())
        try writeExpansionResult(result, segmentID: segmentID)
        return ExpansionScoring(members: MemberSet(scored.members.map(\.row)), result: result, snapshotID: snapshotID)
    }

    /// Trains on the source's current members, scores the target and saves the model.
    func runSimilar(
        _ request: SimilarRequest, segment: String, segmentID: Int64, asOf: Date
    ) throws -> (SimilarCustomersResult, SimilarSummary) {
        let snapshot = try liveSnapshot()
        let sourceRecord = try requireSegment(named: request.source)
        guard let sourceMembers = try store.currentMembers(segmentID: sourceRecord.id) else {
            throw SegmentLifecycleError.neverRefreshed(segment: sourceRecord.name)
        }
        var targetRows: [UInt32]?
        if let target = request.target {
            let record = try requireSegment(named: target)
            guard let members = try store.currentMembers(segmentID: record.id) else {
                throw SegmentLifecycleError.neverRefreshed(segment: record.name)
            }
            targetRows = members.toArray()
        }
        var options = FeatureEncoderOptions()
        options.includedFields = request.includedFields
        options.excludedFields = request.excludedFields
        options.includesMeasures = request.includesMeasures
        options.includesActivityFeatures = request.includesActivityFeatures
        options.pcaDimensions = request.pcaDimensions
        options.asOf = asOf
        let selection: SimilarCustomersRequest.Selection =
            request.threshold.map { .threshold($0) } ?? .topShare(request.topShare)
        let result: SimilarCustomersResult
        do {
            result = try SimilarCustomers.run(
                SimilarCustomersRequest(
                    sourceSegment: sourceRecord.name, sourceRows: sourceMembers.toArray(), targetRows: targetRows,
                    includesSource: request.includesSource, selection: selection, encoderOptions: options,
                    measures: encodedMeasures, modelName: "expansion-\(segmentID)"),
                on: snapshot)
        } catch LookalikeError.tooManyDimensions(let requested, let columns) {
            throw WorkspaceError.badValue(
                field: "pcaDimensions", value: "\(requested)",
                expected: "at most \(columns), the number of columns the chosen fields encode to")
        }
        var model = result.model
        model.metadata.layout = sourceLayout
        let modelURL = try model.save(to: directory.appendingPathComponent("models"))
        let bandCounts = result.bandCounts
        let summary = SimilarSummary(
            segment: segment, source: sourceRecord.name, target: request.target ?? "all customers outside the source",
            modelFile: "models/" + modelURL.lastPathComponent,
            sourceCount: sourceMembers.count, targetCount: result.targetRows.count, memberCount: result.members.count,
            threshold: result.threshold,
            bands: SimilarityBand.allCases.map {
                SimilarSummary.Band(band: $0.rawValue, lowerBound: $0.lowerBound, count: bandCounts[$0] ?? 0)
            },
            histogram: result.histogram.counts, backtest: result.backtest, influences: result.influences,
            topMembers: result.members.prefix(10).map {
                SimilarSummary.Member(
                    customerID: snapshot.customerID(ofRow: Int($0.row)), score: $0.score, band: $0.band.rawValue,
                    reasons: $0.reasons.map(\.text))
            },
            warnings: result.warnings)
        return (result, summary)
    }

    /// Writes the embedding a similar-customers run used, for side-by-side benchmarks: `embedding.f32` (every
    /// customer in snapshot order, `d` float32 values each, little-endian), `source.u8` (1 for the source's
    /// members), and `shape.txt` (`rows columns`).
    public func exportEmbedding(of summary: SimilarSummary, to folder: URL) throws {
        let snapshot = try liveSnapshot()
        let model = try LookalikeModel.load(from: directory.appendingPathComponent(summary.modelFile))
        let embedding = try model.encoder.encode(snapshot)
        let source = try requireSegment(named: summary.source)
        guard let members = try store.currentMembers(segmentID: source.id) else {
            throw SegmentLifecycleError.neverRefreshed(segment: source.name)
        }
        var flags = [UInt8](repeating: 0, count: embedding.rows)
        for row in members.toArray() where Int(row) < flags.count { flags[Int(row)] = 1 }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try embedding.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: folder.appendingPathComponent("embedding.f32"))
        try Data(flags).write(to: folder.appendingPathComponent("source.u8"))
        try "\(embedding.rows) \(embedding.columns)\n".write(to: folder.appendingPathComponent("shape.txt"), atomically: true, encoding: .utf8)
    }

    /// The workspace's measures as the encoder reads them (nil when the config has none).
    var encodedMeasures: EncodedMeasures? {
        guard !config.measures.isEmpty else { return nil }
        return EncodedMeasures(definitions: config.measures, timeZone: config.timeZone,
                               hasAmount: config.activities.contains { $0.amountColumn != nil })
    }

    /// How the workspace's files are laid out, saved with every model so `audience score` reads new files alike.
    var sourceLayout: SourceLayout {
        SourceLayout(
            timeZone: config.timeZone, customerIDColumn: config.customers.idColumn, customerFormat: config.customers.format,
            activities: config.activities.map {
                ActivityLayout(name: $0.name, customerIDColumn: $0.customerIdColumn, typeColumn: $0.typeColumn,
                               fixedType: $0.fixedType, timestampColumn: $0.timestampColumn, amountColumn: $0.amountColumn,
                               format: $0.format)
            })
    }

    func expansionRequestURL(segmentID: Int64) -> URL {
        directory.appendingPathComponent("models/expansion-\(segmentID).request.json")
    }

    func saveExpansionRequest(_ request: SimilarRequest, segmentID: Int64) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(request).write(to: expansionRequestURL(segmentID: segmentID), options: .atomic)
    }

    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// Refreshes expansion segments: retrains on the source's current members, rescores, and
/// keeps the new scores and result so the stored result stays current.
struct LookalikeExpansionRefresher: ExpansionRefreshing {
    func members(of segment: SegmentRecord, in workspace: Workspace, asOf: Date) throws -> MemberSet {
        let request = try workspace.expansionRequest(of: segment)
        return try workspace.scoreExpansion(request, segment: segment.name, segmentID: segment.id, asOf: asOf).members
    }
}
