/// The two-proportion z-test with the pooled proportion.
///
/// `z = (p₁ − p₂) / √(p̂ (1 − p̂) (1/n₁ + 1/n₂))` with `p̂ = (x₁ + x₂) / (n₁ + n₂)`;
/// the p-value is two-sided, `erfc(|z| / √2)`.
public struct TwoProportionTest: Hashable, Sendable, Codable {
    public var z: Double
    public var pValue: Double

    /// Tests whether `successes1 / count1` and `successes2 / count2` differ;
    /// p-value 1 when a count is zero or the pooled share is 0 or 1.
    public init(successes1: Double, count1: Double, successes2: Double, count2: Double) {
        precondition(successes1 >= 0 && successes1 <= count1 && successes2 >= 0 && successes2 <= count2,
                     "TwoProportionTest.init: successes must lie within 0 … count")
        guard count1 > 0, count2 > 0 else {
            z = .nan
            pValue = 1
            return
        }
        let pooled = (successes1 + successes2) / (count1 + count2)
        let se = (pooled * (1 - pooled) * (1 / count1 + 1 / count2)).squareRoot()
        guard se > 0 else {
            z = .nan
            pValue = 1
            return
        }
        z = (successes1 / count1 - successes2 / count2) / se
        pValue = Distributions.normalTwoSidedPValue(z)
    }
}
