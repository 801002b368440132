import Foundation
import LinearAlgebra

/// A trained similar-customer model: the encoder, a linear model and a neighbour set, and the calibration.
///
/// The raw score blends two ranks, each the share of a reference sample of the
/// target audience scoring below the customer: the rank of a class-weighted
/// logistic regression (source members against the target, with a hinge at the
/// median of every non-binary column) and the rank of a k-NN vote (the share of
/// source members among the customer's `k` cosine-nearest neighbours). Platt
/// scaling, fitted on held-out source members against the target sample with
/// equal total weight, turns it into the score in [0, 1]: the probability that
/// a customer with this profile is a source member rather than a target
/// customer, were both equally common. 0.5 means "as likely typical as
/// source-like"; 0.85 means odds of about 5.7 to 1.
public struct LookalikeModel: Sendable {
    /// The encoder the model reads customers with.
    public let encoder: FeatureEncoder
    /// The settings it was trained with.
    public let parameters: LookalikeParameters
    /// What it was trained on, when, and how well it did.
    public var metadata: LookalikeMetadata

    /// The logistic regression over `[x, max(0, x[h] − knot[h]) for h in hingeColumns]`.
    let coefficients: [Double]
    let intercept: Double
    let hingeColumns: [Int]
    let hingeKnots: [Double]
    /// The neighbour set: embedding rows, whether each is a source member, and its customer id.
    let reference: Matrix<Float>
    let referenceIsSource: [Bool]
    let referenceIDs: [String]
    /// Sorted raw values of the target sample: the logistic margins and the votes (the rank references).
    let linearQuantiles: [Double]
    let voteQuantiles: [Double]
    /// Platt scaling: `score = σ(slope · raw + offset)`.
    let calibrationSlope: Double
    let calibrationOffset: Double
    /// The target sample's mean contribution of each embedding column to the margin (the baseline of reasons).
    let baselineContributions: [Double]
    /// The target sample's mean of each embedding column (whether a value counts as high or low in reasons).
    let targetColumnMeans: [Double]

    /// The embedding's width.
    public var dimension: Int { encoder.dimension }
}

/// What a model was trained on, when, and its backtest.
public struct LookalikeMetadata: Codable, Sendable, Equatable {
    /// The model's name (the saved files are `<name>.json` and `<name>.bin`).
    public var name: String
    /// The source segment's name.
    public var sourceSegment: String
    /// When it was trained.
    public var trainedAt: Date
    /// Source members it was trained on.
    public var sourceCount: Int
    /// Target customers it was trained against.
    public var targetCount: Int
    /// How well it finds held-out source members.
    public var backtest: Backtest
    /// The features that make the source distinctive, ranked.
    public var influences: [FeatureInfluence]
    /// How the workspace's files are laid out, for batch scoring of new files (nil in models saved without it).
    public var layout: SourceLayout?
}

/// How well a model trained without part of the source finds that part among the target.
public struct Backtest: Codable, Sendable, Equatable {
    /// Source members held out.
    public var heldOutCount: Int
    /// AUC of the held-out members' scores against the target sample's.
    public var auc: Double
    /// Share of held-out members the selection would include.
    public var recall: Double
    /// The score threshold the selection corresponds to in the backtest.
    public var threshold: Double
    /// Share of the target sample the selection includes.
    public var selectedShare: Double

    /// Creates a backtest record.
    public init(heldOutCount: Int, auc: Double, recall: Double, threshold: Double, selectedShare: Double) {
        self.heldOutCount = heldOutCount
        self.auc = auc
        self.recall = recall
        self.threshold = threshold
        self.selectedShare = selectedShare
    }
}

// MARK: - Scoring

extension LookalikeModel {
    /// Rows scored per chunk: bounded memory for any audience size.
    static let chunkRows = 16_384

    /// Calibrated scores in [0, 1] for embedding rows.
    ///
    /// - Parameter selfReference: for each row, the neighbour-set entry that is the same customer (or −1), left
    ///   out of its own vote.
    func scores(_ embedding: Matrix<Float>, selfReference: [Int], chunkRows: Int = LookalikeModel.chunkRows) -> [Double] {
        var scores = rawScores(embedding, selfReference: selfReference, chunkRows: chunkRows)
        scores.withUnsafeMutableBufferPointer { out in
            Parallel.forEachBlock(of: out.count) { rows in
                for i in rows { out[i] = calibrated(out[i]) }
            }
        }
        return scores
    }

    /// `σ(slope · raw + offset)`.
    func calibrated(_ raw: Double) -> Double {
        let z = calibrationSlope * raw + calibrationOffset
        return z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
    }

    /// The blended ranks, before calibration.
    func rawScores(_ embedding: Matrix<Float>, selfReference: [Int], chunkRows: Int = LookalikeModel.chunkRows) -> [Double] {
        let parts = margins(embedding, selfReference: selfReference, chunkRows: chunkRows)
        let w = parameters.neighborWeight
        let linearRanks = linearQuantiles, voteRanks = voteQuantiles
        var raw = [Double](repeating: 0, count: parts.linear.count)
        raw.withUnsafeMutableBufferPointer { out in
            Parallel.forEachBlock(of: out.count) { rows in
                for i in rows {
                    out[i] = (1 - w) * Self.rank(parts.linear[i], in: linearRanks) + w * Self.rank(parts.vote[i], in: voteRanks)
                }
            }
        }
        return raw
    }

    /// The logistic margins and k-NN votes of the rows, in chunks (each chunk's normalised copy bounds the memory).
    func margins(_ embedding: Matrix<Float>, selfReference: [Int],
                 chunkRows: Int = LookalikeModel.chunkRows) -> (linear: [Double], vote: [Double]) {
        precondition(chunkRows > 0, "LookalikeModel.margins: chunkRows must be positive")
        precondition(embedding.columns == dimension || embedding.rows == 0,
                     "LookalikeModel.margins: rows have \(embedding.columns) columns, the model \(dimension)")
        precondition(selfReference.count == embedding.rows, "LookalikeModel.margins: \(selfReference.count) self references for \(embedding.rows) rows")
        let n = embedding.rows
        let linear = linearMargins(embedding)
        var vote = [Double](repeating: 0, count: n)
        let index = CosineIndex(normalizedVectors: reference)
        let k = min(parameters.neighborCount, max(1, reference.rows - 1))
        var start = 0
        while start < n {
            let end = min(n, start + chunkRows)
            // The whole embedding when it is one chunk: no copy.
            let chunk = start == 0 && end == n ? embedding : embedding.rows(start..<end).copied()
            // The encoder's rows have unit length already.
            let counts = index.markedNeighborCounts(to: chunk, count: k, marked: referenceIsSource,
                                                    excluding: Array(selfReference[start..<end]), queriesAreNormalized: true)
            for q in 0..<(end - start) {
                let taken = counts.taken[q]
                vote[start + q] = taken == 0 ? 0 : Double(counts.marked[q]) / Double(taken)
            }
            start = end
        }
        return (linear, vote)
    }

    /// `β·[x, hinges] + b` for each row: `Σ β_j·x_j + Σ β_h·max(0, x_h − knot_h) + b`, summed in Double, on every core.
    func linearMargins(_ rows: Matrix<Float>) -> [Double] {
        let n = rows.rows, d = rows.columns
        precondition(d + hingeColumns.count == coefficients.count || n == 0,
                     "LookalikeModel.linearMargins: rows have \(d) columns, the model \(coefficients.count - hingeColumns.count)")
        var out = [Double](repeating: 0, count: n)
        let block = 4_096
        rows.withUnsafeBufferPointer { x in
            coefficients.withUnsafeBufferPointer { beta in
                out.withUnsafeMutableBufferPointer { result in
                    Parallel.forEach(items: (n + block - 1) / block, threads: Parallel.processorCount) { item, _ in
                        for i in (item * block)..<min(n, (item + 1) * block) {
                            let row = x.baseAddress! + i * d
                            var sum = intercept
                            for j in 0..<d { sum += beta[j] * Double(row[j]) }
                            for (h, j) in hingeColumns.enumerated() {
                                sum += beta[d + h] * max(0, Double(row[j]) - hingeKnots[h])
                            }
                            result[i] = sum
                        }
                    }
                }
            }
        }
        return out
    }

    /// The rows widened with hinge columns, in Double.
    static func design(_ rows: Matrix<Float>, hingeColumns: [Int], knots: [Double]) -> Matrix<Double> {
        let d = rows.columns, width = d + hingeColumns.count
        var out = Matrix<Double>(rows: rows.rows, columns: width)
        rows.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                for i in 0..<rows.rows {
                    let src = x.baseAddress! + i * d, dst = o.baseAddress! + i * width
                    for j in 0..<d { dst[j] = Double(src[j]) }
                    for (h, j) in hingeColumns.enumerated() { dst[d + h] = max(0, Double(src[j]) - knots[h]) }
                }
            }
        }
        return out
    }

    /// The mid-rank share of `sorted` below `value`: `(#below + #equal / 2) / n`.
    static func rank(_ value: Double, in sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return 0.5 }
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        var upper = lo
        hi = sorted.count
        while upper < hi {
            let mid = (upper + hi) / 2
            if sorted[mid] <= value { upper = mid + 1 } else { hi = mid }
        }
        return (Double(lo) + Double(upper - lo) / 2) / Double(sorted.count)
    }
}

