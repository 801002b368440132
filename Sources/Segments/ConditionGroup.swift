/// Conditions joined by `and` or by `or`: a subrule, and the body of a rule.
///
/// The join only matters with two or more conditions; `init` stores `and` for
/// fewer, so every group has one canonical form (and one text).
public struct ConditionGroup: Hashable, Sendable {
    public var join: Join
    public var conditions: [Condition]

    public init(join: Join = .and, conditions: [Condition]) {
        self.join = conditions.count < 2 ? .and : join
        self.conditions = conditions
    }
}

/// How a group's conditions combine.
public enum Join: String, Codable, CaseIterable, Hashable, Sendable {
    case and, or
}
