import Segments

/// Quintile scores 1 … 5 of recency, frequency and monetary value, and the
/// conditions that select a range of scores.
///
/// With cut points `c₁ ≤ … ≤ c₄` (the 20, 40, 60 and 80 % quantiles over
/// customers with activity): F and M score `1 + #{k : value > cₖ}`; R score
/// `5 − #{k : days > cₖ}`, so the most recent fifth scores 5. Tied values share
/// a score, so with many ties some scores are empty.
enum RFMScores {
    static func ascending(_ value: Double, cuts: [Double]) -> Int {
        1 + cuts.filter { value > $0 }.count
    }

    static func recency(_ days: Double, cuts: [Double]) -> Int {
        5 - cuts.filter { days > $0 }.count
    }

    /// Whether some value can score in `range`: its lower cut lies below its upper cut.
    static func isPossible(_ range: ClosedRange<Int>, cuts: [Double], descending: Bool) -> Bool {
        if descending {
            // R ≥ a: days <= c_{6−a}; R ≤ b: days > c_{5−b}.
            guard range.lowerBound > 1, range.upperBound < 5 else { return true }
            return cuts[4 - range.upperBound] < cuts[5 - range.lowerBound]
        }
        guard range.lowerBound > 1, range.upperBound < 5 else { return true }
        return cuts[range.lowerBound - 2] < cuts[range.upperBound - 1]
    }

    /// `score in range` for F: `count > c_{a−1}` (a > 1) and `count <= c_b` (b < 5).
    static func frequencyConditions(_ range: ClosedRange<Int>, cuts: [Double], terms: Terms) -> [Condition] {
        let lower = range.lowerBound > 1 ? cuts[range.lowerBound - 2] : 0
        let upper = range.upperBound < 5 ? cuts[range.upperBound - 1] : nil
        return PathConstraint.bounds(terms.frequency, lower: lower, upper: upper, isIntegral: true)
    }

    /// `score in range` for R: R ≥ a is `days <= c_{6−a}`, R ≤ b is `days > c_{5−b}`.
    static func recencyConditions(_ range: ClosedRange<Int>, cuts: [Double], terms: Terms) -> [Condition] {
        let upper = range.lowerBound > 1 ? cuts[5 - range.lowerBound] : nil
        let lower = range.upperBound < 5 ? cuts[4 - range.upperBound] : nil
        if lower == nil && upper == nil { return [terms.hasActivity] }
        return PathConstraint.bounds(terms.recency, lower: lower, upper: upper, isIntegral: true)
    }
}

/// The inline aggregates of an activity run: its types and period in the segment language.
struct Terms {
    var types: [String]
    var window: ActivityWindow
    var scopeSegment: String?

    var frequency: FeatureExpression { .aggregate(ActivityAggregate(function: .count, activityTypes: types, window: window)) }
    var recency: FeatureExpression { .aggregate(ActivityAggregate(function: .daysSinceLast, activityTypes: types, window: window)) }
    var monetary: FeatureExpression {
        .aggregate(ActivityAggregate(function: .sum, field: "amount", activityTypes: types, window: window))
    }
    /// `count(TYPES WINDOW) >= 1`.
    var hasActivity: Condition { frequency.condition(.greaterThanOrEqual(.number(1))) }
    /// `count(TYPES WINDOW) = 0`.
    var noActivity: Condition { frequency.condition(.equals(.number(0))) }

    /// A count of the run's types restricted by a field condition (`count(purchase where channel = "app" …)`).
    func count(where condition: FieldCondition) -> FeatureExpression {
        .aggregate(ActivityAggregate(function: .count, activityTypes: types, conditions: [condition], window: window))
    }

    /// A count of one type in the run's window.
    func count(ofType type: String) -> FeatureExpression {
        .aggregate(ActivityAggregate(function: .count, activityTypes: [type], window: window))
    }

    /// Conditions with the scope segment first, when there is one.
    func scoped(_ conditions: [Condition]) -> [Condition] {
        guard let scopeSegment else { return conditions }
        return [.segment(SegmentCondition(segment: scopeSegment))] + conditions
    }
}
