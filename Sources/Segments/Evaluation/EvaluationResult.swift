/// The members of one evaluated definition, with inspection counts.
public struct EvaluationResult: Sendable {
    /// The segment's name in the batch.
    public var name: String
    /// The member customer rows of the snapshot.
    public var members: Bitset
    /// The number of members.
    public var count: Int
    /// Per rule: its own count and the running count after it is combined.
    public var ruleCounts: [RuleCount]

    public init(name: String, members: Bitset, count: Int, ruleCounts: [RuleCount]) {
        self.name = name
        self.members = members
        self.count = count
        self.ruleCounts = ruleCounts
    }
}
