import CustomerData

/// A number test on an activity aggregate that the scan evaluates as it
/// finishes each customer, straight into a bitset, so the aggregate needs no
/// column and the condition no pass over one.
struct ActivityTest: Hashable, Sendable {
    var aggregate: ActivityAggregate
    var test: NumberTest

    /// Functions whose value the scan has at a customer's end as a number.
    static func coversFunction(of aggregate: ActivityAggregate) -> Bool {
        switch aggregate.function {
        case .count, .sum, .avg, .min, .max, .daysSinceFirst, .daysSinceLast: return true
        case .distinctCount, .first, .last: return false
        }
    }
}
