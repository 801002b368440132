/// A dense set of row numbers `0..<capacity`: one bit per customer row, 64 to a word.
///
/// The engine evaluates every condition into a `Bitset` and combines them with
/// word operations. Bits at and above `capacity` in the last word are always zero,
/// so `count` and the set operations never see rows that do not exist.
public struct Bitset: Hashable, Sendable {
    /// The number of rows the set ranges over (its members are in `0..<capacity`).
    public let capacity: Int
    /// The bits, row `i` at bit `i % 64` of word `i / 64`.
    public private(set) var words: [UInt64]

    /// An empty set over `capacity` rows.
    public init(capacity: Int) {
        precondition(capacity >= 0, "Bitset.init(capacity:): capacity \(capacity) is negative")
        self.capacity = capacity
        self.words = [UInt64](repeating: 0, count: Bitset.wordCount(capacity))
    }

    /// The set of every row `0..<capacity`.
    public static func full(capacity: Int) -> Bitset {
        var set = Bitset(capacity: capacity)
        set.words.withUnsafeMutableBufferPointer { words in
            for index in words.indices { words[index] = ~0 }
        }
        set.clearTail()
        return set
    }

    /// A set with the bits of `words` (bits at and above `capacity` are dropped).
    init(capacity: Int, words: UnsafeBufferPointer<UInt64>) {
        precondition(words.count == Bitset.wordCount(capacity),
                     "Bitset.init(capacity:words:): \(words.count) words for capacity \(capacity)")
        self.capacity = capacity
        self.words = Array(words)
        clearTail()
    }

    /// A set holding `members`, which must be below `capacity` (in any order; repeats allowed).
    public init<S: Sequence>(capacity: Int, members: S) where S.Element: BinaryInteger {
        self.init(capacity: capacity)
        for member in members { insert(Int(member)) }
    }

    /// A set made by `predicate(row)` for every row, 64 rows a word.
    ///
    /// `predicate` is inlined into the loop at each call site, so a caller that
    /// passes a closure over a typed column gets a loop specialised for it.
    @inline(__always)
    static func build(capacity: Int, _ predicate: (Int) -> Bool) -> Bitset {
        var set = Bitset(capacity: capacity)
        set.words.withUnsafeMutableBufferPointer { words in
            let fullWords = capacity / 64
            for word in 0..<fullWords {
                let base = word &* 64
                var bits: UInt64 = 0
                // Without a branch per row: a test's outcome is often a coin toss.
                for bit in 0..<64 {
                    bits |= UInt64(predicate(base &+ bit) ? 1 : 0) &<< UInt64(bit)
                }
                words[word] = bits
            }
            let rest = capacity - fullWords * 64
            if rest > 0 {
                var bits: UInt64 = 0
                for bit in 0..<rest where predicate(fullWords * 64 + bit) {
                    bits |= 1 &<< UInt64(bit)
                }
                words[fullWords] = bits
            }
        }
        return set
    }

    // MARK: - Members

    /// Whether `row` is a member.
    @inline(__always)
    public func contains(_ row: Int) -> Bool {
        guard row >= 0, row < capacity else { return false }
        return words[row >> 6] & (1 &<< UInt64(row & 63)) != 0
    }

    /// Adds `row`, which must be in `0..<capacity`.
    public mutating func insert(_ row: Int) {
        precondition(row >= 0 && row < capacity, "Bitset.insert(_:): row \(row) is outside 0..<\(capacity)")
        words[row >> 6] |= 1 &<< UInt64(row & 63)
    }

    /// Removes `row`.
    public mutating func remove(_ row: Int) {
        guard row >= 0, row < capacity else { return }
        words[row >> 6] &= ~(1 &<< UInt64(row & 63))
    }

    /// The number of members.
    ///
    /// - Complexity: O(capacity / 64), one population count per word.
    public var count: Int {
        words.withUnsafeBufferPointer { words in
            var total = 0
            for word in words { total &+= word.nonzeroBitCount }
            return total
        }
    }

    /// Whether the set has no members.
    public var isEmpty: Bool { !words.contains { $0 != 0 } }

    /// The members in ascending order, as 32-bit row numbers (the form roaring bitmaps take).
    public var sortedMembers: [UInt32] { members(limit: Int.max) }

    /// The first `limit` members in ascending order.
    public func members(limit: Int) -> [UInt32] {
        let total = Swift.max(0, Swift.min(limit, count))
        return words.withUnsafeBufferPointer { words in
            [UInt32](unsafeUninitializedCapacity: total) { result, initialized in
                var written = 0
                var index = 0
                while written < total {
                    var bits = words[index]
                    while bits != 0 && written < total {
                        result[written] = UInt32(truncatingIfNeeded: index &* 64 &+ bits.trailingZeroBitCount)
                        written &+= 1
                        bits &= bits &- 1
                    }
                    index &+= 1
                }
                initialized = written
            }
        }
    }

    // MARK: - Set operations

    /// Keeps the members that are also in `other`.
    public mutating func formIntersection(_ other: Bitset) {
        combine(other) { $0 & $1 }
    }

    /// Adds the members of `other`.
    public mutating func formUnion(_ other: Bitset) {
        combine(other) { $0 | $1 }
    }

    /// Removes the members of `other`.
    public mutating func subtract(_ other: Bitset) {
        combine(other) { $0 & ~$1 }
    }

    /// Replaces the set with its complement within `0..<capacity`.
    public mutating func formComplement() {
        words.withUnsafeMutableBufferPointer { words in
            for index in words.indices { words[index] = ~words[index] }
        }
        clearTail()
    }

    public func intersection(_ other: Bitset) -> Bitset {
        var result = self
        result.formIntersection(other)
        return result
    }

    public func union(_ other: Bitset) -> Bitset {
        var result = self
        result.formUnion(other)
        return result
    }

    public func subtracting(_ other: Bitset) -> Bitset {
        var result = self
        result.subtract(other)
        return result
    }

    public func complement() -> Bitset {
        var result = self
        result.formComplement()
        return result
    }

    /// Applies a set operation of the definition language (`union`, `intersect`, `except`).
    public mutating func apply(_ operation: SetOperation, _ other: Bitset) {
        switch operation {
        case .union: formUnion(other)
        case .intersect: formIntersection(other)
        case .except: subtract(other)
        }
    }

    @inline(__always)
    private mutating func combine(_ other: Bitset, _ operation: (UInt64, UInt64) -> UInt64) {
        precondition(other.capacity == capacity,
                     "Bitset: combining sets over \(capacity) and \(other.capacity) rows")
        other.words.withUnsafeBufferPointer { theirs in
            words.withUnsafeMutableBufferPointer { ours in
                for index in ours.indices { ours[index] = operation(ours[index], theirs[index]) }
            }
        }
    }

    private mutating func clearTail() {
        let rest = capacity & 63
        if rest != 0 { words[words.count - 1] &= (1 &<< UInt64(rest)) &- 1 }
    }

    static func wordCount(_ capacity: Int) -> Int { (capacity + 63) / 64 }
}
