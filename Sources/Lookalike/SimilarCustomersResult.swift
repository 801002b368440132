/// An expansion segment: the scored audience, the chosen members, and why.
public struct SimilarCustomersResult: Sendable {
    /// One member of the expansion segment.
    public struct Member: Sendable, Equatable {
        /// The customer's snapshot row.
        public var row: UInt32
        /// Its score in [0, 1].
        public var score: Double
        /// Its band.
        public var band: SimilarityBand
        /// Up to three features that raise its score most.
        public var reasons: [ScoreReason]
        /// Whether it is a source member (only with `includesSource`).
        public var isSource: Bool
    }

    /// The trained model (save it with ``LookalikeModel/save(to:)``).
    public let model: LookalikeModel
    /// The target audience's rows, ascending, and their scores (same order).
    public let targetRows: [UInt32]
    public let targetScores: [Double]
    /// The members, best score first.
    public let members: [Member]
    /// The score threshold of the selection (the lowest member score for a top share).
    public let threshold: Double
    /// The target audience's score distribution.
    public let histogram: ScoreHistogram
    /// Notes for the user (a small source, fields left out).
    public let warnings: [String]

    /// How many target customers a threshold would select.
    public func estimatedSize(atThreshold threshold: Double) -> Int { histogram.size(atThreshold: threshold) }

    /// How well the model found held-out source members.
    public var backtest: Backtest { model.metadata.backtest }

    /// The features that make the source distinctive and drive the scores, ranked.
    public var influences: [FeatureInfluence] { model.metadata.influences }

    /// Target customers per band.
    public var bandCounts: [SimilarityBand: Int] {
        var counts: [SimilarityBand: Int] = [:]
        for s in targetScores { counts[SimilarityBand(score: s), default: 0] += 1 }
        return counts
    }
}
