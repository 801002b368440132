import CRoaring

// Conversion to and from dense bitsets: the evaluator may compute a segment
// into 64-bit words (bit `i % 64` of word `i / 64` is customer `i`) and convert
// at the edge.
extension MemberSet {
    /// Creates the set of the indexes whose bits are set in `words`: bit
    /// `i % 64` of `words[i / 64]` stands for index `i`.
    ///
    /// Set bits are gathered in batches and added in bulk, then runs are
    /// compressed (``runOptimize()``).
    /// - Complexity: O(words + members).
    /// - Precondition: `words` covers at most 2³² indexes.
    public init(denseWords words: some Collection<UInt64>) {
        precondition(
            words.count <= (1 << 26),
            "MemberSet.init(denseWords:): \(words.count) words cover more than 2^32 indexes"
        )
        let bitmap = Storage.makeBitmap()
        var batch = ContiguousArray<UInt32>()
        let batchCapacity = 1 << 16
        batch.reserveCapacity(batchCapacity)
        var base: UInt32 = 0
        for word in words {
            var bits = word
            while bits != 0 {
                batch.append(base | UInt32(bits.trailingZeroBitCount))
                bits &= bits &- 1
            }
            if batch.count >= batchCapacity - 64 {
                Self.addBatch(batch, to: bitmap)
                batch.removeAll(keepingCapacity: true)
            }
            base &+= 64
        }
        Self.addBatch(batch, to: bitmap)
        self.init(storage: Storage(bitmap))
        runOptimize()
    }

    /// Adds `batch` to `bitmap` in one call.
    ///
    /// The corresponding C function is `roaring_bitmap_add_many`.
    private static func addBatch(_ batch: ContiguousArray<UInt32>, to bitmap: UnsafeMutablePointer<roaring_bitmap_t>) {
        batch.withUnsafeBufferPointer { buffer in
            if let start = buffer.baseAddress, buffer.count > 0 {
                roaring_bitmap_add_many(bitmap, buffer.count, start)
            }
        }
    }

    /// The set as a dense bitset of `(universe + 63) / 64` words: bit `i % 64`
    /// of word `i / 64` is set exactly when `i` is a member.
    ///
    /// - Parameter universe: the number of indexes the bitset covers (e.g.
    ///   the customer count).
    /// - Precondition: every member is below `universe`.
    public func denseWords(universe: Int) -> [UInt64] {
        precondition(universe >= 0, "MemberSet.denseWords(universe:): negative universe \(universe)")
        if let max {
            precondition(
                Int(max) < universe,
                "MemberSet.denseWords(universe:): member \(max) is outside the universe of \(universe) indexes"
            )
        }
        var words = [UInt64](repeating: 0, count: (universe + 63) / 64)
        words.withUnsafeMutableBufferPointer { buffer in
            for index in self {
                buffer[Int(index >> 6)] |= 1 << UInt64(index & 63)
            }
        }
        return words
    }
}
