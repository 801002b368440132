/// Evaluates validated definitions once the batch's aggregates are computed:
/// each condition into a bitset, groups by word-wise AND/OR, rules strictly
/// left to right.
struct DefinitionEvaluation: Sendable {
    let evaluator: SegmentEvaluator
    /// The value column of every measure and inline aggregate of the batch.
    let aggregates: [ActivityAggregate: ValueColumn]
    /// The aggregate behind each measure of the batch.
    let measureAggregates: [String: ActivityAggregate]
    /// Members of the segments evaluated so far and of those given from outside.
    var members: [String: Bitset]
    /// Conditions evaluated so far in the batch.
    let cache = ConditionCache()

    /// The members of `definition`, with per-rule and running counts.
    func evaluate(_ definition: SegmentDefinition, named name: String) -> EvaluationResult {
        var result = Bitset(capacity: evaluator.customerCount)
        var counts: [RuleCount] = []
        for (index, rule) in definition.rules.enumerated() {
            let matched = evaluate(rule.group)
            if index == 0 {
                result = matched
            } else {
                result.apply(rule.combine ?? .union, matched)
            }
            counts.append(RuleCount(rule: index, combine: index == 0 ? nil : rule.combine,
                                    count: matched.count, runningCount: result.count))
        }
        return EvaluationResult(name: name, members: result, count: result.count, ruleCounts: counts)
    }

    /// The members of a rule or subrule.
    func evaluate(_ group: ConditionGroup) -> Bitset {
        guard let head = group.conditions.first else { return Bitset(capacity: evaluator.customerCount) }
        var result = evaluate(head)
        for condition in group.conditions.dropFirst() {
            switch group.join {
            case .and:
                if result.isEmpty { return result }
                result.formIntersection(evaluate(condition))
            case .or:
                result.formUnion(evaluate(condition))
            }
        }
        return result
    }

    /// The members of one condition (from the batch's cache when another definition had it).
    func evaluate(_ condition: Condition) -> Bitset {
        switch condition {
        case .segment, .subrule: return compute(condition)
        default: return cache.members(of: condition) { compute(condition) }
        }
    }

    private func compute(_ condition: Condition) -> Bitset {
        let time = evaluator.time
        switch condition {
        case .attribute(let field):
            guard let column = evaluator.attributeColumn(field.field) else {
                preconditionFailure("DefinitionEvaluation.evaluate: unknown attribute \"\(field.field)\"; validate first")
            }
            return column.matching(field.test, ignoreCase: field.ignoreCase, time: time)
        case .measure(let measure):
            guard let aggregate = measureAggregates[measure.measure], let column = aggregates[aggregate] else {
                preconditionFailure("DefinitionEvaluation.evaluate: measure \"\(measure.measure)\" was not computed")
            }
            return column.matching(measure.test, ignoreCase: measure.ignoreCase, time: time)
        case .activity(let activity):
            guard let column = aggregates[activity.aggregate] else {
                preconditionFailure("DefinitionEvaluation.evaluate: an inline aggregate was not computed")
            }
            return column.matching(activity.test, ignoreCase: activity.ignoreCase, time: time)
        case .segment(let reference):
            guard let segment = members[reference.segment] else {
                preconditionFailure("DefinitionEvaluation.evaluate: segment \"\(reference.segment)\" is not evaluated yet")
            }
            return reference.isMember ? segment : segment.complement()
        case .subrule(let group):
            return evaluate(group)
        }
    }
}
