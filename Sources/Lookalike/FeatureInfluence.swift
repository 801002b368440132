/// How one embedding column separates the source from the target and moves the scores.
public struct FeatureInfluence: Codable, Sendable, Equatable {
    /// The column's name (`checking_status = <0`, `age`, `purchase frequency is missing`).
    public var feature: String
    /// The field the column belongs to (`checking_status`).
    public var field: String
    /// The mean log-odds this column adds for a source member over a typical target customer
    /// (positive: it pushes source-like customers up).
    public var effect: Double
    /// The column's mean encoded value among source members.
    public var sourceMean: Double
    /// The column's mean encoded value in the target sample.
    public var targetMean: Double
    /// `(sourceMean − targetMean) / σ`, with σ the standard deviation over source and target
    /// together: how distinctive the source is on this column. Defined whenever the means
    /// differ, also for a level every source member has and no target customer has.
    public var standardizedDifference: Double

    /// Whether source members have higher values (for a category level: have it more often).
    public var isHigherInSource: Bool { sourceMean > targetMean }
}

/// One reason a customer scores as it does: a feature that raises its score.
public struct ScoreReason: Codable, Sendable, Equatable, CustomStringConvertible {
    /// What the customer has (`checking_status = <0`, `duration is high`, `annual_income is missing`).
    public var text: String
    /// The log-odds this adds over a typical target customer.
    public var contribution: Double

    public var description: String { text }
}
