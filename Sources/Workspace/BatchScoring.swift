import CustomerData
import Foundation
import LinearAlgebra
import Lookalike

/// What `audience score` does: a saved similar-customers model applied to a customers CSV, with the
/// customers' activities from activity CSVs when the model uses activity features.
///
/// Customers stream through in batches (memory bounded by `batchSize`, not by
/// the file): each batch is parsed cell by cell into columns, encoded, scored
/// on every core, and written. Activities are read first, in one pass over the
/// activity files, into per-customer aggregates (``ActivityTable``): memory
/// grows with the number of distinct customers in those files (about 180 bytes
/// each for four activity types and four channels), never with the number of
/// activities; with `shard` only the shard's customers are kept.
public struct BatchScoring: Sendable {
    /// Which customers of the file to write.
    public enum Selection: Sendable, Equatable {
        case all
        /// Customers scoring at least this.
        case threshold(Double)
        /// The best `count` customers, best first.
        case top(Int)
    }

    public var model: URL
    public var input: URL
    public var output: URL
    /// Activity CSVs with the columns of one of the workspace's activity sources (as recorded in the model).
    public var activityFiles: [URL]
    /// The customer id column of the input (default: the one recorded in the model, else `customer_id`).
    public var idColumn: String?
    public var selection: Selection
    /// Score only shard `index` (0-based) of `count` hash partitions of the customer ids.
    public var shard: (index: Int, count: Int)?
    /// Records scored at a time (memory is bounded by this, not by the file).
    public var batchSize: Int

    public init(
        model: URL, input: URL, output: URL, activityFiles: [URL] = [], idColumn: String? = nil,
        selection: Selection = .all, shard: (index: Int, count: Int)? = nil, batchSize: Int = 65_536
    ) {
        self.model = model
        self.input = input
        self.output = output
        self.activityFiles = activityFiles
        self.idColumn = idColumn
        self.selection = selection
        self.shard = shard
        self.batchSize = batchSize
    }

    /// What a batch scoring did.
    public struct Summary: Codable, Sendable {
        public var model: String
        public var rowsRead: Int
        public var rowsScored: Int
        public var rowsWritten: Int
        /// Activities counted from the activity files (at or before the model's as-of instant, in the shard).
        public var activitiesRead: Int
        /// Distinct customers those activities belong to.
        public var customersWithActivities: Int
        public var seconds: Double
        /// What the user should know about these scores.
        public var warnings: [String]

        public var text: String {
            var text = "Scored \(rowsScored.grouped) of \(rowsRead.grouped) customers with \(model); "
                + "wrote \(rowsWritten.grouped) rows in \(String(format: "%.2f", seconds)) s"
            if activitiesRead > 0 {
                text += " (\(activitiesRead.grouped) activities of \(customersWithActivities.grouped) customers)"
            }
            return text
        }
    }

    /// The shard of a customer id: FNV-1a (64-bit) of its UTF-8 bytes, modulo `count`.
    public static func shard(of id: String, count: Int) -> Int {
        var id = id
        return id.withUTF8 { shard(ofBytes: $0, count: count) }
    }

    /// ``shard(of:count:)`` of an id's bytes.
    static func shard(ofBytes bytes: UnsafeBufferPointer<UInt8>, count: Int) -> Int {
        Int(fnv1a64(bytes) % UInt64(count))
    }

    /// Streams the input through the model and writes `customer_id,score,band,reasons`
    /// (RFC 4180), replacing the output file atomically when complete.
    ///
    /// - Throws: `LookalikeError` for an unreadable model, `IngestError` naming the file, line and
    ///   column of a malformed record or value, `WorkspaceError.badValue` for a missing id column or
    ///   activity files the model cannot read.
    public func run(progress: ((Double) -> Void)? = nil) throws -> Summary {
        let started = Date()
        let model = try LookalikeModel.load(from: model)
        var warnings: [String] = []
        let usesActivities = model.usesActivityFeatures
        var activities: ActivityTable?
        if !activityFiles.isEmpty {
            if try usesActivities || !streamedMeasures(for: model).isEmpty {
                activities = try readActivities(for: model) { progress?(0.5 * $0) }
            } else {
                warnings.append("the model uses no activity features; the activity files were not read")
            }
        } else if usesActivities {
            let count = model.encoder.fields.filter { if case .column = $0.input { false } else { true } }.count
            warnings.append(
                "the model also uses activity features (\(count)); without --activities every customer counts "
                    + "as having no activity, so these scores differ from the workspace's")
        }
        let base = activities == nil ? 0.0 : 0.5
        var summary = try scoreCustomers(model: model, activities: activities, warnings: &warnings) {
            progress?(base + (1 - base) * $0)
        }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// Reasons written per customer.
    static let reasonCount = 3

    // MARK: - Customers

    /// The customers pass: parse, encode, score, select and write, a batch at a time; the next batch is read
    /// on another thread while one is scored.
    private func scoreCustomers(
        model: LookalikeModel, activities: ActivityTable?, warnings: inout [String], progress: (Double) -> Void
    ) throws -> Summary {
        let customers = try CustomerReader(input: input, idColumn: idColumn, model: model, shard: shard, activities: activities)
        let absent = customers.absentFields
        if !absent.isEmpty {
            warnings.append("\(input.lastPathComponent) has no column \(absent.joined(separator: ", ")); "
                + "every customer counts as missing \(absent.count == 1 ? "it" : "them")")
        }
        let writer = try ScoreWriter(output: output)
        let reasonField = ReasonField(texts: model.reasonTexts)
        var read = 0, scored = 0, written = 0
        var best = TopCandidates(dimension: model.dimension)
        var batch = ProfileBatch(encoder: model.encoder)
        // The batch to read into next. Moved into the prefetch, never copied: a second reference to its arrays
        // would make the reading thread copy them (tens of MiB a batch) before writing.
        var spare: ProfileBatch? = ProfileBatch(encoder: model.encoder)
        var step = try customers.next(batchSize, into: &batch)
        while step.visited > 0 {
            let next = spare.take()!
            let prefetch = Prefetch(batch: consume next)
            let reading = DispatchSemaphore(value: 0)
            let count = batchSize
            // A thread of its own: on a global-queue worker the reading would take the thread that
            // `concurrentPerform` counts on, and the scoring's parallel parts would run on one core.
            Thread {
                prefetch.run(customers, count: count)
                reading.signal()
            }.start()
            do {
                read += step.visited
                scored += batch.count
                if batch.count > 0 {
                    let (scores, embedding) = model.score(batch, activities: activities)
                    switch selection {
                    case .all:
                        let rows = Array(0..<batch.count)
                        try writer.write(rows: rows, ids: batch.ids, scores: scores,
                                         reasonIndices: model.reasonIndices(of: embedding, rows: rows, count: Self.reasonCount),
                                         perRow: Self.reasonCount, texts: reasonField)
                        written += rows.count
                    case .threshold(let threshold):
                        let rows = scores.indices.filter { scores[$0] >= threshold }
                        try writer.write(rows: rows, ids: batch.ids, scores: scores,
                                         reasonIndices: model.reasonIndices(of: embedding, rows: rows, count: Self.reasonCount),
                                         perRow: Self.reasonCount, texts: reasonField)
                        written += rows.count
                    case .top(let count):
                        best.add(ids: batch.ids, scores: scores, embedding: embedding, keeping: count)
                    }
                }
                progress(step.fraction)
            } catch {
                reading.wait()
                throw error
            }
            reading.wait()
            step = try prefetch.result.get()
            spare = batch
            batch = prefetch.takeBatch()
        }
        if case .top(let count) = selection {
            let kept = best.best(count)
            let rows = Array(kept.ids.indices)
            try writer.write(rows: rows, ids: kept.ids, scores: kept.scores,
                             reasonIndices: model.reasonIndices(of: kept.embedding, rows: rows, count: Self.reasonCount),
                             perRow: Self.reasonCount, texts: reasonField)
            written = kept.ids.count
        }
        try writer.commit()
        return Summary(
            model: model.metadata.name, rowsRead: read, rowsScored: scored, rowsWritten: written,
            activitiesRead: activities?.activityCount ?? 0, customersWithActivities: activities?.customerCount ?? 0,
            seconds: 0, warnings: warnings)
    }
}
