import Segments

// Rewriting the segment references of a definition, for rename and forced delete.
extension SegmentDefinition {
    /// The definition with every reference to segment `old` naming `new` instead.
    func renamingSegment(_ old: String, to new: String) -> SegmentDefinition {
        func rename(_ condition: Condition) -> Condition {
            switch condition {
            case .segment(var reference) where reference.segment == old:
                reference.segment = new
                return .segment(reference)
            case .subrule(let group):
                return .subrule(ConditionGroup(join: group.join, conditions: group.conditions.map(rename)))
            default:
                return condition
            }
        }
        return SegmentDefinition(rules: rules.map { rule in
            SegmentRule(combine: rule.combine, join: rule.join, conditions: rule.conditions.map(rename))
        })
    }

    /// The definition without the conditions referring to segment `name`: subrules and
    /// rules left empty are dropped too. Nil when no rule would be left.
    func removingSegment(_ name: String) -> SegmentDefinition? {
        func strip(_ conditions: [Condition]) -> [Condition] {
            conditions.compactMap { condition in
                switch condition {
                case .segment(let reference) where reference.segment == name:
                    return nil
                case .subrule(let group):
                    let kept = strip(group.conditions)
                    return kept.isEmpty ? nil : .subrule(ConditionGroup(join: group.join, conditions: kept))
                default:
                    return condition
                }
            }
        }
        var kept: [SegmentRule] = []
        for rule in rules {
            let conditions = strip(rule.conditions)
            guard !conditions.isEmpty else { continue }
            kept.append(SegmentRule(combine: kept.isEmpty ? nil : (rule.combine ?? .union), join: rule.join, conditions: conditions))
        }
        return kept.isEmpty ? nil : SegmentDefinition(rules: kept)
    }
}
