import CustomerData

/// Customer ids to dense slots (0, 1, 2, … in the order first seen), looked up by their UTF-8 bytes: open
/// addressing with linear probing over 64-bit FNV-1a hashes, at most half full, with every id's bytes in one
/// array. Reading activity files asks it once per activity, so it takes the id's bytes as they are in the
/// file's buffer, without making a `String`.
struct CustomerSlots {
    /// The ids' bytes, one after another; id `s` is `bytes[starts[s]..<starts[s + 1]]`.
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Per bucket: the slot there, or −1.
    private var buckets = [Int32](repeating: -1, count: 1_024)

    /// The number of ids.
    var count: Int { hashes.count }

    /// The slot of an id, or nil.
    func slot(of id: UnsafeBufferPointer<UInt8>) -> Int? {
        let hash = Self.hash(id)
        let bucket = find(id, hash: hash)
        let slot = buckets[bucket]
        return slot < 0 ? nil : Int(slot)
    }

    /// The slot of an id, or nil.
    func slot(of id: String) -> Int? {
        var id = id
        return id.withUTF8 { slot(of: $0) }
    }

    /// The id's slot, given the next one when the id is new.
    mutating func insert(_ id: UnsafeBufferPointer<UInt8>) -> (slot: Int, isNew: Bool) {
        let hash = Self.hash(id)
        let bucket = find(id, hash: hash)
        if buckets[bucket] >= 0 { return (Int(buckets[bucket]), false) }
        let slot = count
        bytes.append(contentsOf: id)
        starts.append(bytes.count)
        hashes.append(hash)
        buckets[bucket] = Int32(truncatingIfNeeded: slot)
        if 2 * count > buckets.count { grow() }
        return (slot, true)
    }

    /// The bucket holding the id, or the empty bucket where it would go.
    private func find(_ id: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        let mask = buckets.count - 1
        var bucket = Int(truncatingIfNeeded: hash) & mask
        return bytes.withUnsafeBufferPointer { stored in
            while true {
                let slot = Int(buckets[bucket])
                if slot < 0 { return bucket }
                if hashes[slot] == hash {
                    let start = starts[slot], end = starts[slot + 1]
                    if end - start == id.count && UnsafeBufferPointer(rebasing: stored[start..<end]).elementsEqual(id) {
                        return bucket
                    }
                }
                bucket = (bucket + 1) & mask
            }
        }
    }

    /// Twice the buckets, every slot placed again by its hash.
    private mutating func grow() {
        var grown = [Int32](repeating: -1, count: 2 * buckets.count)
        let mask = grown.count - 1
        for (slot, hash) in hashes.enumerated() {
            var bucket = Int(truncatingIfNeeded: hash) & mask
            while grown[bucket] >= 0 { bucket = (bucket + 1) & mask }
            grown[bucket] = Int32(truncatingIfNeeded: slot)
        }
        buckets = grown
    }

    /// 64-bit FNV-1a of the bytes, its high bits folded into the low ones (the buckets take the low bits).
    static func hash(_ id: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let hash = fnv1a64(id)
        return hash ^ (hash >> 29)
    }
}
