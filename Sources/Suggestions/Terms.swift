import Segments

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
