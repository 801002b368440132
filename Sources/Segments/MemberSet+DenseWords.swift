import CRoaring

// Conversion to and from dense bitsets: the evaluator may compute a segment
// into 64-bit words (bit `i % 64` of word `i / 64` is customer `i`) and convert
// at the edge.
extension MemberSet {
    /// Creates the set of the indexes whose bits are set in `words`: bit
    /// `i % 64` of `words[i / 64]` stands for index `i`.
    ///
    /// Builds the bitmap container by container: each block of 65,536 bits
    /// becomes a bitset container (copied as is) when more than 4,096 bits are
    /// set, an array container otherwise, and nothing when none is; runs are
    /// then compressed (``runOptimize()``).
    /// - Complexity: O(words + members of sparse blocks).
    /// - Precondition: `words` covers at most 2³² indexes.
    public init(denseWords words: some Collection<UInt64>) {
        precondition(
            words.count <= (1 << 26),
            "MemberSet.init(denseWords:): \(words.count) words cover more than 2^32 indexes"
        )
        let bytes = words.withContiguousStorageIfAvailable { buffer in
            Self.portableBytes(denseWords: buffer)
        } ?? ContiguousArray(words).withUnsafeBufferPointer { buffer in
            Self.portableBytes(denseWords: buffer)
        }
        let bitmap = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { characters in
                // The corresponding C function is `roaring_bitmap_portable_deserialize_safe`.
                roaring_bitmap_portable_deserialize_safe(characters.baseAddress, characters.count)
            }
        }
        self.init(storage: Storage(Storage.checked(bitmap, "roaring_bitmap_portable_deserialize_safe")))
        runOptimize()
    }

    /// The portable serialization (without run containers) of the dense
    /// bitset `words`.
    private static func portableBytes(denseWords words: UnsafeBufferPointer<UInt64>) -> ContiguousArray<UInt8> {
        let wordsPerBlock = 1024
        let maximumArrayCardinality = 4096
        var keys: [UInt16] = []
        var cardinalities: [Int] = []
        var blockStarts: [Int] = []
        var blockStart = 0
        while blockStart < words.count {
            let blockEnd = Swift.min(blockStart + wordsPerBlock, words.count)
            var cardinality = 0
            for index in blockStart..<blockEnd {
                cardinality += words[index].nonzeroBitCount
            }
            if cardinality > 0 {
                keys.append(UInt16(blockStart / wordsPerBlock))
                cardinalities.append(cardinality)
                blockStarts.append(blockStart)
            }
            blockStart = blockEnd
        }
        let containerCount = keys.count
        var size = 8 + containerCount * 8
        for cardinality in cardinalities {
            size += cardinality > maximumArrayCardinality ? 8192 : cardinality * 2
        }
        var bytes = ContiguousArray<UInt8>()
        bytes.reserveCapacity(size)
        func append16(_ value: UInt16) {
            bytes.append(UInt8(truncatingIfNeeded: value))
            bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        }
        func append32(_ value: UInt32) {
            append16(UInt16(truncatingIfNeeded: value))
            append16(UInt16(truncatingIfNeeded: value >> 16))
        }
        func append64(_ value: UInt64) {
            append32(UInt32(truncatingIfNeeded: value))
            append32(UInt32(truncatingIfNeeded: value >> 32))
        }
        append32(12346)  // the cookie of a serialization without run containers
        append32(UInt32(containerCount))
        for (key, cardinality) in zip(keys, cardinalities) {
            append16(key)
            append16(UInt16(cardinality - 1))
        }
        var offset = 8 + containerCount * 8
        for cardinality in cardinalities {
            append32(UInt32(offset))
            offset += cardinality > maximumArrayCardinality ? 8192 : cardinality * 2
        }
        for (start, cardinality) in zip(blockStarts, cardinalities) {
            let end = Swift.min(start + wordsPerBlock, words.count)
            if cardinality > maximumArrayCardinality {
                for index in start..<end {
                    append64(words[index])
                }
                // A short last block is padded with empty words.
                for _ in end..<(start + wordsPerBlock) {
                    append64(0)
                }
            } else {
                for index in start..<end {
                    var bits = words[index]
                    let base = UInt16((index - start) * 64)
                    while bits != 0 {
                        append16(base | UInt16(bits.trailingZeroBitCount))
                        bits &= bits &- 1
                    }
                }
            }
        }
        precondition(bytes.count == size, "MemberSet.init(denseWords:): built \(bytes.count) bytes, expected \(size)")
        return bytes
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
