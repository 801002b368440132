/// Welch's unequal-variances t-test of two independent samples.
///
/// `t = (x̄₁ − x̄₂) / √(s₁²/n₁ + s₂²/n₂)` with the Welch–Satterthwaite degrees of freedom
/// `ν = (s₁²/n₁ + s₂²/n₂)² / ((s₁²/n₁)²/(n₁ − 1) + (s₂²/n₂)²/(n₂ − 1))`;
/// the p-value is two-sided, `P(|T_ν| ≥ |t|)`.
public struct WelchTest: Hashable, Sendable, Codable {
    public var t: Double
    public var degreesOfFreedom: Double
    public var pValue: Double

    /// Tests whether the means of `first` and `second` differ; NaN statistics
    /// (p-value 1) when either has fewer than two values or both have zero variance.
    public init(_ first: SampleSummary, _ second: SampleSummary) {
        let v1 = first.variance / first.count
        let v2 = second.variance / second.count
        let se2 = v1 + v2
        guard first.count >= 2, second.count >= 2, se2 > 0, se2.isFinite else {
            let differs = first.count >= 2 && second.count >= 2 && first.mean != second.mean
            t = differs ? (first.mean > second.mean ? .infinity : -.infinity) : .nan
            degreesOfFreedom = .nan
            pValue = differs ? 0 : 1
            return
        }
        t = (first.mean - second.mean) / se2.squareRoot()
        degreesOfFreedom = se2 * se2 / (v1 * v1 / (first.count - 1) + v2 * v2 / (second.count - 1))
        pValue = Distributions.studentTTwoSidedPValue(t, degreesOfFreedom: degreesOfFreedom)
    }
}
