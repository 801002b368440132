/// A test on an aggregate of activities written inline, without naming a measure.
///
/// Text: `count(purchase where channel = "web" within last 90 days) >= 3`;
/// `did not do visit within last 30 days` is the same as
/// `count(visit within last 30 days) = 0` and is printed that way round.
public struct ActivityCondition: Hashable, Sendable {
    public var aggregate: ActivityAggregate
    public var test: ValueTest
    public var ignoreCase: Bool

    public init(aggregate: ActivityAggregate, test: ValueTest, ignoreCase: Bool = false) {
        self.aggregate = aggregate
        self.test = test
        self.ignoreCase = ignoreCase
    }

    /// "Did not do X": no activity of the types in the window.
    public static func didNotDo(
        _ activityTypes: [String], where conditions: [FieldCondition] = [], window: ActivityWindow
    ) -> ActivityCondition {
        ActivityCondition(
            aggregate: ActivityAggregate(
                function: .count, activityTypes: activityTypes, conditions: conditions, window: window),
            test: .equals(.number(0)))
    }

    /// Whether this is a "did not do" condition (count equal to 0).
    public var isDidNotDo: Bool {
        aggregate.function == .count && aggregate.field == nil && !ignoreCase && test == .equals(.number(0))
    }
}
