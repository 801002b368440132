/// One rule of a definition: a group of conditions and, from the second rule
/// on, the set operation that combines it with the result so far.
public struct SegmentRule: Hashable, Sendable {
    /// `nil` for the first rule; `union`, `intersect` or `except` for every later one.
    public var combine: SetOperation?
    public var join: Join
    public var conditions: [Condition]

    public init(combine: SetOperation? = nil, join: Join = .and, conditions: [Condition]) {
        self.combine = combine
        self.join = conditions.count < 2 ? .and : join
        self.conditions = conditions
    }

    /// The rule's conditions as a group, so rules and subrules evaluate alike.
    public var group: ConditionGroup {
        ConditionGroup(join: join, conditions: conditions)
    }
}

/// How a rule combines with the result of the rules before it.
public enum SetOperation: String, Codable, CaseIterable, Hashable, Sendable {
    case union, intersect, except
}
