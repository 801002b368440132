import Segments

extension MemberSet {
    /// The stored form of an evaluated bitset.
    init(_ bitset: Bitset) {
        self.init(denseWords: bitset.words)
    }
}

extension Bitset {
    /// The evaluator's form of stored members, over `capacity` customers.
    init(_ members: MemberSet, capacity: Int) {
        self.init(capacity: capacity, members: members.toArray().lazy.filter { Int($0) < capacity })
    }
}
