import Suggestions
import Testing

/// Reference values from SciPy 1.x (`scipy.stats.t`, `scipy.special.betainc`,
/// `scipy.stats.ttest_ind(equal_var=False)`, `scipy.stats.false_discovery_control`).
@Suite struct StatisticsTests {
    struct Known: Sendable, CustomTestStringConvertible {
        var x: Double
        var a: Double
        var b: Double
        var expected: Double
        var testDescription: String { "I_\(x)(\(a), \(b))" }
    }

    @Test(arguments: [
        Known(x: 0.4, a: 2, b: 3, expected: 0.5248),
        Known(x: 0.1, a: 0.5, b: 0.5, expected: 0.20483276469913345),
        Known(x: 0.3, a: 10, b: 20, expected: 0.3640040810719437),
    ])
    func incompleteBetaMatchesReference(_ known: Known) {
        let value = Distributions.regularizedIncompleteBeta(known.x, a: known.a, b: known.b)
        #expect(abs(value - known.expected) <= 1e-12 * max(1, known.expected))
    }

    @Test func studentTMatchesReference() {
        #expect(abs(Distributions.studentTCDF(2.0, degreesOfFreedom: 10) - 0.9633059826146299) < 1e-12)
        #expect(abs(Distributions.studentTCDF(-1.5, degreesOfFreedom: 3.5) - 0.10890909350767251) < 1e-12)
        #expect(abs(Distributions.studentTCDF(0.5, degreesOfFreedom: 1) - 0.6475836176504333) < 1e-12)
        // A far tail keeps its relative accuracy (not 1 − CDF).
        let tail = Distributions.studentTTwoSidedPValue(10, degreesOfFreedom: 50)
        #expect(abs(tail - 1.6077334688335447e-13) < 1e-9 * 1.6077334688335447e-13)
        #expect(abs(Distributions.studentTQuantile(0.975, degreesOfFreedom: 10) - 2.228138851986274) < 1e-9)
        #expect(abs(Distributions.normalQuantile(0.975) - 1.959963984540054) < 1e-9)
        #expect(Distributions.studentTCDF(0, degreesOfFreedom: 7) == 0.5)
    }

    @Test func welchMatchesReference() {
        let test = WelchTest(SampleSummary([1, 2, 3, 4, 5, 6]), SampleSummary([2.5, 3, 8, 9, 10, 12, 15]))
        #expect(abs(test.t - -2.6635680195171654) < 1e-12)
        #expect(abs(test.degreesOfFreedom - 8.228116362133784) < 1e-9)
        #expect(abs(test.pValue - 0.027952094233103113) < 1e-10)
    }

    @Test func welchWithoutVarianceIsNotSignificant() {
        let test = WelchTest(SampleSummary([3, 3, 3]), SampleSummary([3, 3, 3, 3]))
        #expect(test.pValue == 1)
    }

    @Test func twoProportionMatchesHandComputation() {
        // 30 of 100 against 50 of 300: pooled 0.2, z = 2.8867513459481287.
        let test = TwoProportionTest(successes1: 30, count1: 100, successes2: 50, count2: 300)
        #expect(abs(test.z - 2.8867513459481287) < 1e-12)
        #expect(abs(test.pValue - 0.003892417122778628) < 1e-12)
    }

    @Test func benjaminiHochbergMatchesReference() {
        let adjusted = BenjaminiHochberg.adjusted([0.01, 0.04, 0.03, 0.005, 0.2, 0.5])
        let expected = [0.03, 0.06, 0.06, 0.03, 0.24, 0.5]
        for (a, e) in zip(adjusted, expected) { #expect(abs(a - e) < 1e-12) }
        #expect(BenjaminiHochberg.adjusted([]).isEmpty)
        #expect(BenjaminiHochberg.adjusted([0.9, .nan]) == [1, 1])
    }

    @Test func summarySubtractsToTheComplement() {
        let all = SampleSummary([1, 2, 3, 4, 10])
        let part = SampleSummary([1, 10])
        let rest = all.subtracting(part)
        #expect(rest.count == 3)
        #expect(abs(rest.mean - 3) < 1e-12)
        #expect(abs(rest.variance - 1) < 1e-12)
    }
}
