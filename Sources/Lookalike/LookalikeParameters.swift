/// The settings of the lookalike model; the defaults are the ones measured in docs/lookalike.md.
public struct LookalikeParameters: Codable, Sendable, Equatable {
    /// The L2 penalty `λ` of the logistic regression (scikit-learn's `C = 1/λ`).
    public var l2Penalty: Double
    /// Neighbours in the k-NN vote.
    public var neighborCount: Int
    /// The weight of the k-NN vote's rank in the blend (the logistic regression's rank gets `1 −` this).
    public var neighborWeight: Double
    /// At most this many target customers (a seeded sample) are the negatives of the logistic regression.
    public var maxTrainingTargetRows: Int
    /// At most this many customers are searched for neighbours: a seeded sample, half of it from the source
    /// (all of the source when smaller) and the rest from the target.
    public var maxReferenceRows: Int
    /// The share of the source held out to calibrate the scores and backtest the model.
    public var holdoutFraction: Double
    /// The seed of every sample, so the same data trains the same model.
    public var seed: UInt64

    /// Creates parameters.
    public init(l2Penalty: Double = 10.0 / 3.0, neighborCount: Int = 25, neighborWeight: Double = 0.2,
                maxTrainingTargetRows: Int = 50_000, maxReferenceRows: Int = 1_024, holdoutFraction: Double = 0.2,
                seed: UInt64 = 1) {
        self.l2Penalty = l2Penalty
        self.neighborCount = neighborCount
        self.neighborWeight = neighborWeight
        self.maxTrainingTargetRows = maxTrainingTargetRows
        self.maxReferenceRows = maxReferenceRows
        self.holdoutFraction = holdoutFraction
        self.seed = seed
    }
}
