/// Inspection mode: what one rule contributes to a segment.
public struct RuleCount: Hashable, Sendable, Codable {
    /// The rule's index in the definition.
    public var rule: Int
    /// How the rule combines with the rules before it (`nil` for the first).
    public var combine: SetOperation?
    /// The customers the rule matches on its own.
    public var count: Int
    /// The size of the result after combining this rule (left to right).
    public var runningCount: Int

    public init(rule: Int, combine: SetOperation?, count: Int, runningCount: Int) {
        self.rule = rule
        self.combine = combine
        self.count = count
        self.runningCount = runningCount
    }
}
