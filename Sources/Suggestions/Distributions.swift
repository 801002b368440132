import Foundation

/// The probability distributions the suggestion statistics need: Student's t
/// and the standard normal, with their quantiles.
///
/// Student's t goes through the regularised incomplete beta function,
/// `P(|T| > t) = I_x(ν/2, 1/2)` with `x = ν / (ν + t²)`, evaluated by its
/// continued fraction (modified Lentz). Tail probabilities are computed
/// directly rather than as `1 − CDF`, so tiny p-values keep their relative
/// accuracy (tests check against reference values to 1e-9 relative).
public enum Distributions {
    /// The regularised incomplete beta function `I_x(a, b)` for `a, b > 0`, `0 ≤ x ≤ 1`.
    ///
    /// `I_x(a, b) = x^a (1 − x)^b / (a B(a, b)) · 1 / (1 + d₁ / (1 + d₂ / (1 + …)))` with
    /// `d₂ₘ₊₁ = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1))` and
    /// `d₂ₘ = m (b − m) x / ((a + 2m − 1)(a + 2m))`; for `x > (a + 1) / (a + b + 2)`
    /// it uses `I_x(a, b) = 1 − I_{1−x}(b, a)`, where the fraction converges fast.
    public static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        precondition(a > 0 && b > 0, "Distributions.regularizedIncompleteBeta: a = \(a), b = \(b) must be positive")
        precondition(x >= 0 && x <= 1, "Distributions.regularizedIncompleteBeta: x = \(x) is outside [0, 1]")
        if x == 0 { return 0 }
        if x == 1 { return 1 }
        if x > (a + 1) / (a + b + 2) {
            return 1 - regularizedIncompleteBeta(1 - x, a: b, b: a)
        }
        let logFront = a * log(x) + b * log1p(-x) - logBeta(a, b) - log(a)
        return exp(logFront) * betaContinuedFraction(x, a: a, b: b)
    }

    /// `ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b)`.
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        lgamma(a) + lgamma(b) - lgamma(a + b)
    }

    /// The continued fraction of `I_x(a, b)` by the modified Lentz method.
    private static func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let epsilon = 1e-15
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...10_000 {
            let m = Double(m)
            // Even step d₂ₘ.
            var numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            // Odd step d₂ₘ₊₁.
            numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            result *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return result
    }

    /// `P(|T| ≥ |t|)` for Student's t with `degreesOfFreedom` ν: `I_{ν/(ν+t²)}(ν/2, 1/2)`.
    public static func studentTTwoSidedPValue(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(nu > 0, "Distributions.studentTTwoSidedPValue: degrees of freedom \(nu) must be positive")
        if t.isNaN { return .nan }
        if t.isInfinite { return 0 }
        let x = nu / (nu + t * t)
        return min(1, regularizedIncompleteBeta(x, a: nu / 2, b: 0.5))
    }

    /// The cumulative distribution function of Student's t with ν degrees of freedom.
    public static func studentTCDF(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        let tail = studentTTwoSidedPValue(t, degreesOfFreedom: nu) / 2
        return t >= 0 ? 1 - tail : tail
    }

    /// The quantile of Student's t: the `t` with `studentTCDF(t, ν) = p`, by bisection to 1e-12.
    public static func studentTQuantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(p > 0 && p < 1, "Distributions.studentTQuantile: p = \(p) is outside (0, 1)")
        return bisect(target: p, low: -1e7, high: 1e7) { studentTCDF($0, degreesOfFreedom: nu) }
    }

    /// The standard normal cumulative distribution function, `erfc(−z / √2) / 2`.
    public static func normalCDF(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// `P(|Z| ≥ |z|)` for a standard normal `Z`: `erfc(|z| / √2)`.
    public static func normalTwoSidedPValue(_ z: Double) -> Double {
        if z.isNaN { return .nan }
        return erfc(abs(z) / 2.0.squareRoot())
    }

    /// The standard normal quantile, by bisection to 1e-12.
    public static func normalQuantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "Distributions.normalQuantile: p = \(p) is outside (0, 1)")
        return bisect(target: p, low: -40, high: 40, normalCDF)
    }

    private static func bisect(target: Double, low: Double, high: Double, _ cdf: (Double) -> Double) -> Double {
        var low = low, high = high
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if cdf(mid) < target { low = mid } else { high = mid }
            if high - low <= 1e-12 * max(1, abs(mid)) { break }
        }
        return (low + high) / 2
    }
}
