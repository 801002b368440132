import CustomerData
import Segments
import Suggestions
import Testing

/// A small independent evaluator of the definitions suggestions write
/// (attribute tests, inline counts, sums and days-since, subrules), used to
/// check that a suggestion's definition selects exactly its member rows.
struct DefinitionChecker {
    let snapshot: Snapshot
    /// The value of an inline aggregate for a customer row (NaN when empty).
    var aggregate: (ActivityAggregate, Int) -> Double = { _, _ in .nan }

    func members(_ definition: SegmentDefinition) -> Set<Int> {
        var result = Set<Int>()
        for (index, rule) in definition.rules.enumerated() {
            let rows = Set((0..<snapshot.customers.rowCount).filter { matches(rule.group, $0) })
            if index == 0 { result = rows; continue }
            switch rule.combine ?? .union {
            case .union: result.formUnion(rows)
            case .intersect: result.formIntersection(rows)
            case .except: result.subtract(rows)
            }
        }
        return result
    }

    func matches(_ group: ConditionGroup, _ row: Int) -> Bool {
        group.join == .and ? group.conditions.allSatisfy { matches($0, row) } : group.conditions.contains { matches($0, row) }
    }

    func matches(_ condition: Condition, _ row: Int) -> Bool {
        switch condition {
        case .subrule(let group): return matches(group, row)
        case .activity(let a): return Self.numberTest(a.test, aggregate(a.aggregate, row))
        case .attribute(let f): return attribute(f, row)
        case .measure, .segment:
            Issue.record("the checker does not evaluate \(condition)")
            return false
        }
    }

    func attribute(_ f: FieldCondition, _ row: Int) -> Bool {
        guard let column = snapshot.customers.column(named: f.field) else {
            Issue.record("unknown attribute \(f.field)")
            return false
        }
        switch column {
        case .number(let c): return Self.numberTest(f.test, c.values[row])
        case .date(let c):
            let v = c.values[row] == MissingValue.date ? Double.nan : Double(c.values[row])
            func day(_ l: Literal) -> Double {
                if case .date(let d) = l { return Double(d.daysSinceEpoch) }
                Issue.record("not a date: \(l)")
                return .nan
            }
            switch f.test {
            case .isEmpty: return v.isNaN
            case .isNotEmpty: return !v.isNaN
            case .before(let l): return v < day(l)
            case .after(let l): return v > day(l)
            case .on(let l): return v == day(l)
            case .between(let a, let b): return v >= day(a) && v <= day(b)
            default:
                Issue.record("unexpected date test \(f.test)")
                return false
            }
        case .category(let c):
            let value = c[row]
            func text(_ l: Literal) -> String {
                if case .text(let t) = l { return t }
                return ""
            }
            switch f.test {
            case .isEmpty: return value == nil
            case .isNotEmpty: return value != nil
            case .equals(let l): return value == text(l)
            case .notEquals(let l): return value != nil && value != text(l)
            case .isIn(let ls): return value.map { v in ls.contains { text($0) == v } } ?? false
            case .notIn(let ls): return value.map { v in !ls.contains { text($0) == v } } ?? false
            default:
                Issue.record("unexpected category test \(f.test)")
                return false
            }
        case .boolean(let c):
            switch f.test {
            case .isEmpty: return c[row] == nil
            case .isNotEmpty: return c[row] != nil
            case .isTrue: return c[row] == true
            case .isFalse: return c[row] == false
            default:
                Issue.record("unexpected boolean test \(f.test)")
                return false
            }
        default:
            Issue.record("unexpected column type for \(f.field)")
            return false
        }
    }

    static func numberTest(_ test: ValueTest, _ v: Double) -> Bool {
        func n(_ l: Literal) -> Double {
            if case .number(let x) = l { return x }
            Issue.record("not a number: \(l)")
            return .nan
        }
        switch test {
        case .isEmpty: return v.isNaN
        case .isNotEmpty: return !v.isNaN
        case .equals(let l): return v == n(l)
        case .notEquals(let l): return !v.isNaN && v != n(l)
        case .lessThan(let l): return v < n(l)
        case .lessThanOrEqual(let l): return v <= n(l)
        case .greaterThan(let l): return v > n(l)
        case .greaterThanOrEqual(let l): return v >= n(l)
        case .between(let a, let b): return v >= n(a) && v <= n(b)
        default:
            Issue.record("unexpected number test \(test)")
            return false
        }
    }
}
