/// How a suggested segment's primary compares with all customers (in scope).
///
/// The test compares the segment with the rest of the customers (two
/// independent samples): Welch's t-test for a mean, the two-proportion z-test
/// for a share. The confidence interval is the segment's own mean (Student t)
/// or share (Wilson score interval). Values that would be NaN or infinite are nil.
public struct SuggestionStatistics: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Hashable, Sendable {
        case mean, share
    }

    public var kind: Kind
    /// The primary's name (`avg_purchase_value`) and, for shares, the value (`bad`).
    public var primary: String
    public var shareOf: String?
    /// Members with a value of the primary.
    public var valueCount: Int
    /// Mean or share in the segment.
    public var segmentValue: Double
    /// Mean or share over all customers in scope.
    public var overallValue: Double
    /// Mean or share of the customers outside the segment.
    public var restValue: Double?
    /// `segmentValue / overallValue`.
    public var lift: Double?
    /// `t` (Welch) or `z` (two proportions).
    public var testStatistic: Double?
    /// Welch–Satterthwaite degrees of freedom (means only).
    public var degreesOfFreedom: Double?
    public var pValue: Double
    /// Benjamini–Hochberg adjusted over all candidates tried in the run.
    public var adjustedPValue: Double
    public var confidenceLevel: Double
    public var confidenceLow: Double?
    public var confidenceHigh: Double?

    private enum CodingKeys: String, CodingKey {
        case kind, primary, lift
        case shareOf = "share_of", valueCount = "value_count", segmentValue = "segment_value"
        case overallValue = "overall_value", restValue = "rest_value", testStatistic = "test_statistic"
        case degreesOfFreedom = "degrees_of_freedom", pValue = "p_value", adjustedPValue = "adjusted_p_value"
        case confidenceLevel = "confidence_level", confidenceLow = "confidence_low", confidenceHigh = "confidence_high"
    }
}

extension Double {
    /// Self when finite, else nil (JSON has no NaN or infinity).
    var finiteOrNil: Double? { isFinite ? self : nil }
}
