import CRoaring

// Set algebra: new sets, in-place forms, and cardinalities computed without
// building the result.
extension MemberSet {
    /// The members of this set or `other`.
    ///
    /// The corresponding C function is `roaring_bitmap_or`.
    public func union(_ other: MemberSet) -> MemberSet {
        MemberSet(storage: Storage(Storage.checked(
            roaring_bitmap_or(storage.bitmap, other.storage.bitmap), "roaring_bitmap_or"
        )))
    }

    /// The members of both this set and `other`.
    ///
    /// The corresponding C function is `roaring_bitmap_and`.
    public func intersection(_ other: MemberSet) -> MemberSet {
        MemberSet(storage: Storage(Storage.checked(
            roaring_bitmap_and(storage.bitmap, other.storage.bitmap), "roaring_bitmap_and"
        )))
    }

    /// The members of this set that are not in `other`.
    ///
    /// The corresponding C function is `roaring_bitmap_andnot`.
    public func subtracting(_ other: MemberSet) -> MemberSet {
        MemberSet(storage: Storage(Storage.checked(
            roaring_bitmap_andnot(storage.bitmap, other.storage.bitmap), "roaring_bitmap_andnot"
        )))
    }

    /// The members of exactly one of this set and `other`.
    ///
    /// The corresponding C function is `roaring_bitmap_xor`.
    public func symmetricDifference(_ other: MemberSet) -> MemberSet {
        MemberSet(storage: Storage(Storage.checked(
            roaring_bitmap_xor(storage.bitmap, other.storage.bitmap), "roaring_bitmap_xor"
        )))
    }

    /// Adds the members of `other`.
    ///
    /// The corresponding C function is `roaring_bitmap_or_inplace`.
    public mutating func formUnion(_ other: MemberSet) {
        // Keep `other` alive and distinct from a bitmap about to be copied.
        let otherStorage = other.storage
        makeUnique()
        roaring_bitmap_or_inplace(storage.bitmap, otherStorage.bitmap)
    }

    /// Keeps only the members also in `other`.
    ///
    /// The corresponding C function is `roaring_bitmap_and_inplace`.
    public mutating func formIntersection(_ other: MemberSet) {
        let otherStorage = other.storage
        makeUnique()
        roaring_bitmap_and_inplace(storage.bitmap, otherStorage.bitmap)
    }

    /// Removes the members of `other`.
    ///
    /// The corresponding C function is `roaring_bitmap_andnot_inplace`.
    public mutating func subtract(_ other: MemberSet) {
        let otherStorage = other.storage
        makeUnique()
        roaring_bitmap_andnot_inplace(storage.bitmap, otherStorage.bitmap)
    }

    /// Keeps the members of exactly one of this set and `other`.
    ///
    /// The corresponding C function is `roaring_bitmap_xor_inplace`.
    public mutating func formSymmetricDifference(_ other: MemberSet) {
        let otherStorage = other.storage
        makeUnique()
        roaring_bitmap_xor_inplace(storage.bitmap, otherStorage.bitmap)
    }

    // MARK: - Cardinalities without materialising

    /// The number of members in both this set and `other`, without building
    /// the intersection.
    ///
    /// The corresponding C function is `roaring_bitmap_and_cardinality`.
    public func intersectionCount(_ other: MemberSet) -> Int {
        Int(roaring_bitmap_and_cardinality(storage.bitmap, other.storage.bitmap))
    }

    /// The number of members in this set or `other`, without building the
    /// union.
    ///
    /// The corresponding C function is `roaring_bitmap_or_cardinality`.
    public func unionCount(_ other: MemberSet) -> Int {
        Int(roaring_bitmap_or_cardinality(storage.bitmap, other.storage.bitmap))
    }

    /// The number of members of this set not in `other`, without building the
    /// difference.
    ///
    /// The corresponding C function is `roaring_bitmap_andnot_cardinality`.
    public func subtractingCount(_ other: MemberSet) -> Int {
        Int(roaring_bitmap_andnot_cardinality(storage.bitmap, other.storage.bitmap))
    }

    /// Whether every member of this set is in `other`.
    ///
    /// The corresponding C function is `roaring_bitmap_is_subset`.
    public func isSubset(of other: MemberSet) -> Bool {
        roaring_bitmap_is_subset(storage.bitmap, other.storage.bitmap)
    }

    /// Whether this set and `other` share at least one member.
    ///
    /// The corresponding C function is `roaring_bitmap_intersect`.
    public func intersects(_ other: MemberSet) -> Bool {
        roaring_bitmap_intersect(storage.bitmap, other.storage.bitmap)
    }
}
