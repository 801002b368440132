import CustomerData
import Segments

extension ReferenceEvaluator {
    /// The aggregate over the customer's matching activities; `nil` is empty.
    ///
    /// count, distinct_count and sum are 0 without a matching activity; the
    /// others are empty. sum, avg, min, max and distinct_count skip empty
    /// field values; first and last take the field of the earliest (latest)
    /// matching activity, even when that field is empty; among activities
    /// with the same timestamp the one earlier in the file counts, for
    /// `last` too (the in-process engine's rule).
    func value(of aggregate: ActivityAggregate, customer: Int) -> Value? {
        let rows = matchingActivities(aggregate, customer: customer)
        let timestamps = snapshot.activityTimestamps
        let field = aggregate.field.map { snapshot.activities.column(named: $0)! }
        let values = field.map { column in rows.compactMap { ReferenceEvaluator.value(of: column, at: $0) } } ?? []
        switch aggregate.function {
        case .count:
            return .number(Double(rows.count))
        case .distinctCount:
            return .number(Double(Set(values.map(ReferenceEvaluator.distinctKey)).count))
        case .sum:
            return .number(values.reduce(0.0) { sum, value in sum + ReferenceEvaluator.number(value) })
        case .avg:
            if values.isEmpty { return nil }
            return .number(values.reduce(0.0) { $0 + ReferenceEvaluator.number($1) } / Double(values.count))
        case .min:
            return values.min(by: ReferenceEvaluator.isLess)
        case .max:
            return values.max(by: ReferenceEvaluator.isLess)
        case .first, .last:
            // The earliest (latest) timestamp; among equal ones the earlier row, for both.
            guard let edge = aggregate.function == .first
                    ? rows.map({ timestamps[$0]! }).min() : rows.map({ timestamps[$0]! }).max() else { return nil }
            let pick = rows.filter { timestamps[$0]! == edge }.min()!
            return ReferenceEvaluator.value(of: field!, at: pick)
        case .daysSinceFirst, .daysSinceLast:
            let instants = rows.map { timestamps[$0]! }
            guard let instant = aggregate.function == .daysSinceFirst ? instants.min() : instants.max() else { return nil }
            return .number(Double(time.today.daysSinceEpoch - time.calendarDate(atMilliseconds: instant).daysSinceEpoch))
        }
    }

    /// The customer's activity rows of the types, in the window, passing every condition.
    func matchingActivities(_ aggregate: ActivityAggregate, customer: Int) -> [Int] {
        snapshot.activityRange(ofCustomer: customer).filter { row in
            if !aggregate.activityTypes.isEmpty,
               !aggregate.activityTypes.contains(snapshot.activityTypes[row]!) { return false }
            guard isInWindow(snapshot.activityTimestamps[row]!, aggregate.window) else { return false }
            return aggregate.conditions.allSatisfy { condition in
                let column = snapshot.activities.column(named: condition.field)!
                return passes(condition.test, ReferenceEvaluator.value(of: column, at: row), ignoreCase: condition.ignoreCase)
            }
        }
    }

    /// Every window ends at `asOf`.
    func isInWindow(_ instant: Int64, _ window: ActivityWindow) -> Bool {
        guard instant <= time.asOfMilliseconds else { return false }
        switch window {
        case .allTime: return true
        case .last(let duration): return instant >= time.shiftedAsOf(by: -duration.amount, duration.unit)
        case .between(let from, let to):
            return instant >= time.startOfDay(from) && instant < time.startOfDay(to.adding(1, .days))
        case .yearToDate: return instant >= time.startOfDay(time.today.startOfYear)
        }
    }

    static func number(_ value: Value) -> Double {
        guard case .number(let number) = value else { preconditionFailure("not a number: \(value)") }
        return number
    }

    static func isLess(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x < y
        case (.day(let x), .day(let y)): return x < y
        case (.instant(let x), .instant(let y)): return x < y
        default: preconditionFailure("cannot order \(a) and \(b)")
        }
    }

    /// Values equal for distinct_count: -0 and 0 are one number.
    static func distinctKey(_ value: Value) -> Value {
        if case .number(let number) = value, number == 0 { return .number(0) }
        return value
    }
}
