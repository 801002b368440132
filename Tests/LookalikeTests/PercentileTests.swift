import LinearAlgebra
import Testing
@testable import Lookalike

@Suite struct PercentileTests {
    /// Selection gives the same quantiles as sorting (the encoder's medians and IQRs, the hinge knots).
    @Test(arguments: [1, 2, 7, 1_000, 4_097])
    func selectionMatchesSorting(count: Int) {
        var generator = SeededGenerator(seed: UInt64(count))
        // Few distinct values, so duplicates sit on the quantiles.
        let values = (0..<count).map { _ in Double(generator.next() % 50) / 4 }
        let sorted = values.sorted()
        let qs = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1]
        let selected = FeatureEncoder.percentiles(of: values, qs)
        for (q, value) in zip(qs, selected) {
            #expect(value == FeatureEncoder.percentile(sorted, q), "q = \(q)")
        }
    }
}
