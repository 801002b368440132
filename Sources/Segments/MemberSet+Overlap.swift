// Overlap of several sets: how many members lie in exactly each combination
// of them (every region of a Venn diagram).
extension MemberSet {
    /// The most sets ``overlapCounts(_:)`` accepts.
    public static let maximumOverlapSets = 8

    /// For `sets` of n sets, the number of members in exactly each
    /// combination: element `mask` (1 ..< 2ⁿ) counts the members that are in
    /// set `i` for every bit `i` of `mask` and in no other of the sets.
    /// Element 0 is 0 (members of none are not known here). For two sets,
    /// `[0, only first, only second, both]`.
    ///
    /// Formula: with I(S) the size of the intersection of the sets in S
    /// (computed for every S, each from a smaller one), the exact count is
    /// E(S) = Σ over T ⊇ S of (−1)^|T∖S| · I(T) (inclusion–exclusion, done as a
    /// Möbius transform over supersets). All arithmetic is on integers.
    /// - Complexity: 2ⁿ − n − 1 intersections plus O(n·2ⁿ) additions.
    /// - Precondition: 1 ≤ n ≤ ``maximumOverlapSets``.
    public static func overlapCounts(_ sets: [MemberSet]) -> [Int] {
        let n = sets.count
        precondition(
            (1...maximumOverlapSets).contains(n),
            "MemberSet.overlapCounts(_:): \(n) sets; between 1 and \(maximumOverlapSets) are supported"
        )
        let combinations = 1 << n
        var intersections = [MemberSet?](repeating: nil, count: combinations)
        var counts = [Int](repeating: 0, count: combinations)
        for mask in 1..<combinations {
            let lowest = mask.trailingZeroBitCount
            let rest = mask & (mask - 1)
            let intersection: MemberSet
            if rest == 0 {
                intersection = sets[lowest]
            } else if let partial = intersections[rest] {
                intersection = partial.intersection(sets[lowest])
            } else {
                preconditionFailure("MemberSet.overlapCounts(_:): intersection \(rest) missing before \(mask)")
            }
            counts[mask] = intersection.count
            // A combination is extended later by a set below its lowest one,
            // so only combinations without the first set are kept.
            if mask & 1 == 0 {
                intersections[mask] = intersection
            }
        }
        for bit in 0..<n {
            for mask in 1..<combinations where mask & (1 << bit) == 0 {
                counts[mask] -= counts[mask | (1 << bit)]
            }
        }
        counts[0] = 0
        return counts
    }
}
