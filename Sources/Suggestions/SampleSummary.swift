/// Count, sum and sum of squares of a sample: enough for its mean, variance
/// and the tests, and additive, so a complement is a subtraction.
public struct SampleSummary: Hashable, Sendable, Codable {
    /// The number of values (a weighted count in bootstrap resamples).
    public var count: Double
    public var sum: Double
    public var sumOfSquares: Double

    public init(count: Double = 0, sum: Double = 0, sumOfSquares: Double = 0) {
        self.count = count
        self.sum = sum
        self.sumOfSquares = sumOfSquares
    }

    /// The summary of `values`, NaN skipped.
    public init<S: Sequence>(_ values: S) where S.Element == Double {
        self.init()
        for v in values where !v.isNaN { add(v) }
    }

    /// Adds one value.
    public mutating func add(_ value: Double, weight: Double = 1) {
        count += weight
        sum += weight * value
        sumOfSquares += weight * value * value
    }

    /// The mean, NaN when empty.
    public var mean: Double { count > 0 ? sum / count : .nan }

    /// The sample variance `(Σx² − (Σx)²/n) / (n − 1)`, NaN below two values.
    public var variance: Double {
        guard count > 1 else { return .nan }
        return max(0, (sumOfSquares - sum * sum / count) / (count - 1))
    }

    /// The values of `self` that are not in `part` (`part` must be a subset).
    public func subtracting(_ part: SampleSummary) -> SampleSummary {
        SampleSummary(count: count - part.count, sum: sum - part.sum, sumOfSquares: sumOfSquares - part.sumOfSquares)
    }
}
