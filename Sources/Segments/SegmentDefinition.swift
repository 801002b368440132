/// What a segment is: rules combined strictly left to right.
///
/// The result starts as the first rule's members; each later rule is combined
/// into it with its `combine` operation (`a union b except c` is `(a ∪ b) ∖ c`).
/// Definitions are written in JSON (the `Codable` form, what the HTTP API
/// accepts) or in the text syntax (`SegmentParser`, `text`); both round-trip.
public struct SegmentDefinition: Hashable, Sendable {
    public var rules: [SegmentRule]

    public init(rules: [SegmentRule]) {
        self.rules = rules
    }

    /// A definition of one rule.
    public init(_ join: Join = .and, _ conditions: [Condition]) {
        self.rules = [SegmentRule(join: join, conditions: conditions)]
    }

    /// The names of the segments the definition refers to, in order of first use.
    public var referencedSegments: [String] {
        var names: [String] = []
        var seen = Set<String>()
        forEachCondition { condition, _ in
            if case .segment(let reference) = condition, seen.insert(reference.segment).inserted {
                names.append(reference.segment)
            }
        }
        return names
    }

    /// The names of the measures the definition uses, in order of first use.
    public var referencedMeasures: [String] {
        var names: [String] = []
        var seen = Set<String>()
        forEachCondition { condition, _ in
            if case .measure(let measure) = condition, seen.insert(measure.measure).inserted {
                names.append(measure.measure)
            }
        }
        return names
    }

    /// The inline activity aggregates of the definition, without repeats, in order of first use.
    public var inlineAggregates: [ActivityAggregate] {
        var aggregates: [ActivityAggregate] = []
        var seen = Set<ActivityAggregate>()
        forEachCondition { condition, _ in
            if case .activity(let activity) = condition, seen.insert(activity.aggregate).inserted {
                aggregates.append(activity.aggregate)
            }
        }
        return aggregates
    }

    /// Calls `body` with every condition, depth first in written order, and its path.
    public func forEachCondition(_ body: (Condition, ConditionPath) -> Void) {
        func visit(_ conditions: [Condition], _ path: ConditionPath) {
            for (index, condition) in conditions.enumerated() {
                let conditionPath = path.appending(.condition(index))
                body(condition, conditionPath)
                if case .subrule(let group) = condition {
                    visit(group.conditions, conditionPath.appending(.subrule))
                }
            }
        }
        for (index, rule) in rules.enumerated() {
            visit(rule.conditions, ConditionPath([.rule(index)]))
        }
    }
}
