/// Which activities an aggregate looks at: its types, field conditions and window.
///
/// Aggregates with equal filters share one set of running totals in the scan
/// (`sum(amount of purchase within last 90 days)` and
/// `count(purchase within last 90 days)` test each activity once).
struct ActivityFilter: Hashable, Sendable {
    /// The activity types, sorted and without repeats; empty means every type.
    var activityTypes: [String]
    var conditions: [FieldCondition]
    var window: ActivityWindow

    init(_ aggregate: ActivityAggregate) {
        activityTypes = Array(Set(aggregate.activityTypes)).sorted()
        conditions = aggregate.conditions
        window = aggregate.window
    }
}
