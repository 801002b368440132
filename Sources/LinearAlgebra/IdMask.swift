/// A bit set over database row ids `0..<n`, used to exclude rows from a search.
struct IdMask: Sendable {
    /// 64 ids per word; bit `id & 63` of word `id >> 6`.
    private(set) var words: [UInt64]
    /// The number of distinct ids set.
    private(set) var count = 0

    /// Creates a mask over `0..<n` with the ids of `excluded` that fall inside it set.
    init<S: Sequence<Int>>(n: Int, excluded: S) {
        words = [UInt64](repeating: 0, count: (n + 63) / 64)
        for id in excluded where id >= 0 && id < n {
            let bit = UInt64(1) << UInt64(id & 63)
            if words[id >> 6] & bit == 0 {
                words[id >> 6] |= bit
                count += 1
            }
        }
    }

    /// Whether `id` is set.
    func contains(_ id: Int) -> Bool { words[id >> 6] & (UInt64(1) << UInt64(id & 63)) != 0 }
}
