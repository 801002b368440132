/// Where a condition sits in a definition, written like a JSON path:
/// `rules[1].conditions[0].subrule.conditions[2]`, and `.where[0]` for a field
/// condition inside an activity aggregate.
///
/// The path names the same place in both syntaxes; it is also the JSON key path
/// of the condition.
public struct ConditionPath: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// One step of a path.
    public enum Step: Hashable, Sendable {
        /// `rules[i]`
        case rule(Int)
        /// `conditions[i]`
        case condition(Int)
        /// `subrule`, the group inside a subrule condition
        case subrule
        /// `where[i]`, a field condition of an activity aggregate
        case whereCondition(Int)

        var text: String {
            switch self {
            case .rule(let index): return "rules[\(index)]"
            case .condition(let index): return "conditions[\(index)]"
            case .subrule: return "subrule"
            case .whereCondition(let index): return "where[\(index)]"
            }
        }

        var sortKey: (Int, Int) {
            switch self {
            case .rule(let index): return (0, index)
            case .condition(let index): return (1, index)
            case .subrule: return (2, 0)
            case .whereCondition(let index): return (3, index)
            }
        }
    }

    public var steps: [Step]

    public init(_ steps: [Step] = []) {
        self.steps = steps
    }

    /// This path with one more step.
    public func appending(_ step: Step) -> ConditionPath {
        ConditionPath(steps + [step])
    }

    /// The path text; `definition` for the empty path.
    public var description: String {
        steps.isEmpty ? "definition" : steps.map(\.text).joined(separator: ".")
    }

    /// Orders paths in written order (a parent before its children).
    public static func < (lhs: ConditionPath, rhs: ConditionPath) -> Bool {
        for (left, right) in zip(lhs.steps, rhs.steps) where left != right {
            return left.sortKey < right.sortKey
        }
        return lhs.steps.count < rhs.steps.count
    }
}
