import CustomerData
import Segments

/// The third oracle: a deliberately plain evaluator that walks the snapshot
/// one customer at a time and applies the language's rules as written in its
/// documentation comments, with no ranges, bitmaps or SQL.
///
/// Texts compare as UTF-8 bytes; `ignoring case` compares Swift `lowercased()`
/// forms. Relative times use only `TimeContext`'s primitives (today, start of
/// day, the instant of a literal, the shifted `asOf`), not its range helpers,
/// so the ranges both engines use are checked too.
struct ReferenceEvaluator {
    let snapshot: Snapshot
    let catalog: SegmentCatalog
    let time: TimeContext
    let segmentMembers: [String: Set<Int>]

    /// One non-empty value.
    enum Value: Hashable {
        case number(Double)
        case text([UInt8])
        case boolean(Bool)
        case day(Int)
        case instant(Int64)
    }

    /// The members' customer rows, ascending.
    func members(of definition: SegmentDefinition) throws -> [Int] {
        var measures: [String: ActivityAggregate] = [:]
        for name in definition.referencedMeasures {
            guard let measure = catalog.measures[name] else { continue }
            measures[name] = try ActivityAggregate(measure: measure)
        }
        return (0..<snapshot.customers.rowCount).filter { holds(definition, row: $0, measures: measures) }
    }

    func holds(_ definition: SegmentDefinition, row: Int, measures: [String: ActivityAggregate]) -> Bool {
        var result = holds(definition.rules[0].group, row: row, measures: measures)
        for rule in definition.rules.dropFirst() {
            let next = holds(rule.group, row: row, measures: measures)
            switch rule.combine! {
            case .union: result = result || next
            case .intersect: result = result && next
            case .except: result = result && !next
            }
        }
        return result
    }

    func holds(_ group: ConditionGroup, row: Int, measures: [String: ActivityAggregate]) -> Bool {
        switch group.join {
        case .and: return group.conditions.allSatisfy { holds($0, row: row, measures: measures) }
        case .or: return group.conditions.contains { holds($0, row: row, measures: measures) }
        }
    }

    func holds(_ condition: Condition, row: Int, measures: [String: ActivityAggregate]) -> Bool {
        switch condition {
        case .attribute(let field):
            let column = snapshot.customers.column(named: field.field)!
            return passes(field.test, ReferenceEvaluator.value(of: column, at: row), ignoreCase: field.ignoreCase)
        case .measure(let measure):
            let aggregate = measures[measure.measure]!
            return passes(measure.test, value(of: aggregate, customer: row), ignoreCase: measure.ignoreCase)
        case .activity(let activity):
            return passes(activity.test, value(of: activity.aggregate, customer: row), ignoreCase: activity.ignoreCase)
        case .segment(let segment):
            let isMember = segmentMembers[segment.segment]?.contains(row) ?? false
            return segment.isMember ? isMember : !isMember
        case .subrule(let group):
            return holds(group, row: row, measures: measures)
        }
    }

    /// The cell, or `nil` when it is empty.
    static func value(of column: SnapshotColumn, at row: Int) -> Value? {
        switch column {
        case .number(let values): return values[row].map { .number($0) }
        case .text(let values): return values.isMissing(row) ? nil : .text(Array(values.values.bytes(at: row)))
        case .category(let values): return values[row].map { .text(Array($0.utf8)) }
        case .boolean(let values): return values[row].map { .boolean($0) }
        case .date(let values): return values[row].map { .day(Int($0)) }
        case .datetime(let values): return values[row].map { .instant($0) }
        }
    }
}
