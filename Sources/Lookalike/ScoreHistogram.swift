/// The distribution of scores in equal-width bins over [0, 1], and the audience size at any threshold.
public struct ScoreHistogram: Codable, Sendable, Equatable {
    /// Customers per bin; bin `b` holds scores in `[b/n, (b+1)/n)` (the last bin includes 1).
    public let counts: [Int]
    /// The scores, sorted descending, for size estimates (not encoded).
    private let sortedScores: [Double]

    private enum CodingKeys: String, CodingKey { case counts }

    /// Bins the scores.
    public init(scores: [Double], binCount: Int = 20) {
        precondition(binCount > 0, "ScoreHistogram.init(scores:binCount:): binCount must be positive")
        var counts = [Int](repeating: 0, count: binCount)
        for s in scores { counts[min(binCount - 1, max(0, Int(s * Double(binCount))))] += 1 }
        self.counts = counts
        self.sortedScores = scores.sorted(by: >)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        counts = try c.decode([Int].self, forKey: .counts)
        sortedScores = []
    }

    /// The lower edge of each bin.
    public var binLowerEdges: [Double] { counts.indices.map { Double($0) / Double(counts.count) } }

    /// How many customers score at least `threshold` (exact for the scored audience).
    /// - Complexity: O(log n).
    public func size(atThreshold threshold: Double) -> Int {
        var lo = 0, hi = sortedScores.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sortedScores[mid] >= threshold { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The score of the `count`-th best customer: the threshold that selects about `count` customers.
    public func threshold(forSize count: Int) -> Double {
        guard !sortedScores.isEmpty else { return 1 }
        if count <= 0 { return sortedScores[0].nextUp }
        return sortedScores[min(count, sortedScores.count) - 1]
    }
}
