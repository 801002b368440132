import CRoaring

// Iteration in increasing order, with bulk paths for whole sets and previews.
extension MemberSet: Sequence {
    /// Walks the members in increasing order, reading them from the bitmap in
    /// batches.
    public struct Iterator: IteratorProtocol {
        /// Keeps the bitmap alive (and unchanged: sets are copied before they
        /// change) while the iterator walks it.
        private let storage: Storage
        /// CRoaring's cursor.
        private var cursor = roaring_uint32_iterator_t()
        /// The current batch and the position in it.
        private var batch: [UInt32]
        private var batchCount = 0
        private var position = 0

        init(storage: Storage) {
            self.storage = storage
            batch = [UInt32](repeating: 0, count: 256)
            // The corresponding C function is `roaring_init_iterator`.
            roaring_init_iterator(storage.bitmap, &cursor)
        }

        public mutating func next() -> UInt32? {
            if position == batchCount {
                guard cursor.has_value else { return nil }
                let capacity = UInt32(batch.count)
                // The corresponding C function is `roaring_read_uint32_iterator`.
                batchCount = Int(batch.withUnsafeMutableBufferPointer { buffer in
                    roaring_read_uint32_iterator(&cursor, buffer.baseAddress, capacity)
                })
                position = 0
                guard batchCount > 0 else { return nil }
            }
            defer { position += 1 }
            return batch[position]
        }
    }

    /// An iterator over the members in increasing order.
    public func makeIterator() -> Iterator {
        Iterator(storage: storage)
    }

    /// The number of members; lets `Array(set)` reserve once.
    public var underestimatedCount: Int {
        count
    }

    /// Every member, in increasing order.
    ///
    /// The corresponding C function is `roaring_bitmap_to_uint32_array`.
    /// - Complexity: O(n), one bulk copy.
    public func toArray() -> [UInt32] {
        let total = count
        guard total > 0 else { return [] }
        return [UInt32](unsafeUninitializedCapacity: total) { buffer, initialized in
            roaring_bitmap_to_uint32_array(storage.bitmap, buffer.baseAddress)
            initialized = total
        }
    }

    /// The `n` smallest members (all of them when there are fewer), in
    /// increasing order: a preview that does not walk the whole set.
    ///
    /// The corresponding C function is `roaring_bitmap_range_uint32_array`.
    /// - Precondition: `n` is not negative.
    public func first(_ n: Int) -> [UInt32] {
        precondition(n >= 0, "MemberSet.first(_:): negative count \(n)")
        return members(offset: 0, limit: n)
    }

    /// Up to `limit` members after skipping the `offset` smallest, in
    /// increasing order: one page of a listing.
    ///
    /// The corresponding C function is `roaring_bitmap_range_uint32_array`.
    /// - Precondition: `offset` and `limit` are not negative.
    public func members(offset: Int, limit: Int) -> [UInt32] {
        precondition(offset >= 0 && limit >= 0, "MemberSet.members(offset:limit:): negative offset \(offset) or limit \(limit)")
        let available = Swift.max(0, count - offset)
        let total = Swift.min(limit, available)
        guard total > 0 else { return [] }
        return [UInt32](unsafeUninitializedCapacity: total) { buffer, initialized in
            let isInRange = roaring_bitmap_range_uint32_array(storage.bitmap, offset, total, buffer.baseAddress)
            precondition(isInRange, "MemberSet.members(offset:limit:): CRoaring refused range \(offset)+\(total) of \(count)")
            initialized = total
        }
    }
}
