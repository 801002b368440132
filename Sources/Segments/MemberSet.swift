import CRoaring

/// A set of customer row indexes (`UInt32`), stored as a compressed roaring
/// bitmap (CRoaring).
///
/// `MemberSet` is a value type: copies share one bitmap until one of them is
/// changed, which then copies it first (copy-on-write), so a set can be handed
/// to other threads freely.
///
/// ```swift
/// var members = MemberSet([3, 1, 4_000_000])
/// members.insert(7)
/// let both = members.intersection(MemberSet(0..<10))     // {1, 3, 7}
/// let blob = members.serializedData()                    // portable format
/// let again = try MemberSet(serializedData: blob)
/// ```
public struct MemberSet: Sendable {
    /// The bitmap, shared between copies until one of them changes.
    var storage: Storage

    /// Creates a set around `storage`, which the caller hands over.
    init(storage: Storage) {
        self.storage = storage
    }

    /// Creates an empty set.
    public init() {
        storage = Storage(Storage.makeBitmap())
    }

    /// Creates a set of `indexes`, in any order and with any repeats.
    ///
    /// - Complexity: O(n log n) worst case; close to O(n) for sorted input.
    public init<S: Sequence>(_ indexes: S) where S.Element == UInt32 {
        let values = ContiguousArray(indexes)
        let bitmap = values.withUnsafeBufferPointer { buffer -> UnsafeMutablePointer<roaring_bitmap_t> in
            let bitmap = Storage.makeBitmap()
            if let base = buffer.baseAddress, buffer.count > 0 {
                // The corresponding C function is `roaring_bitmap_add_many`.
                roaring_bitmap_add_many(bitmap, buffer.count, base)
            }
            return bitmap
        }
        storage = Storage(bitmap)
    }

    /// Creates the set of every index in `range`.
    public init(_ range: Range<UInt32>) {
        let bitmap = Storage.makeBitmap()
        if !range.isEmpty {
            // The corresponding C function is `roaring_bitmap_add_range_closed`.
            roaring_bitmap_add_range_closed(bitmap, range.lowerBound, range.upperBound - 1)
        }
        storage = Storage(bitmap)
    }

    /// Creates the set of every index in `range`.
    public init(_ range: ClosedRange<UInt32>) {
        let bitmap = Storage.makeBitmap()
        roaring_bitmap_add_range_closed(bitmap, range.lowerBound, range.upperBound)
        storage = Storage(bitmap)
    }

    // MARK: - Reading

    /// The number of members (the cardinality).
    ///
    /// The corresponding C function is `roaring_bitmap_get_cardinality`.
    /// - Complexity: O(number of containers).
    public var count: Int {
        Int(roaring_bitmap_get_cardinality(storage.bitmap))
    }

    /// Whether the set has no members.
    public var isEmpty: Bool {
        roaring_bitmap_is_empty(storage.bitmap)
    }

    /// Whether `index` is a member.
    ///
    /// The corresponding C function is `roaring_bitmap_contains`.
    public func contains(_ index: UInt32) -> Bool {
        roaring_bitmap_contains(storage.bitmap, index)
    }

    /// The smallest member, or nil when the set is empty.
    public var min: UInt32? {
        isEmpty ? nil : roaring_bitmap_minimum(storage.bitmap)
    }

    /// The largest member, or nil when the set is empty.
    public var max: UInt32? {
        isEmpty ? nil : roaring_bitmap_maximum(storage.bitmap)
    }

    /// The number of bytes the bitmap occupies when serialized (see
    /// ``serializedData()``).
    public var serializedSizeInBytes: Int {
        roaring_bitmap_portable_size_in_bytes(storage.bitmap)
    }

    // MARK: - Changing

    /// Adds `index`; returns whether it was new.
    ///
    /// The corresponding C function is `roaring_bitmap_add_checked`.
    @discardableResult
    public mutating func insert(_ index: UInt32) -> Bool {
        makeUnique()
        return roaring_bitmap_add_checked(storage.bitmap, index)
    }

    /// Adds every index of `indexes`.
    public mutating func insert<S: Sequence>(contentsOf indexes: S) where S.Element == UInt32 {
        let values = ContiguousArray(indexes)
        guard !values.isEmpty else { return }
        makeUnique()
        values.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress {
                roaring_bitmap_add_many(storage.bitmap, buffer.count, base)
            }
        }
    }

    /// Removes `index`; returns whether it was a member.
    ///
    /// The corresponding C function is `roaring_bitmap_remove_checked`.
    @discardableResult
    public mutating func remove(_ index: UInt32) -> Bool {
        makeUnique()
        return roaring_bitmap_remove_checked(storage.bitmap, index)
    }

    /// Compresses runs of consecutive members into run containers where that
    /// is smaller; returns whether the set now holds any run container. Call it
    /// once a set is built and before storing it.
    ///
    /// The corresponding C function is `roaring_bitmap_run_optimize`.
    @discardableResult
    public mutating func runOptimize() -> Bool {
        makeUnique()
        let hasRuns = roaring_bitmap_run_optimize(storage.bitmap)
        // Frees capacity left over from building; the return value is the
        // number of bytes saved, nothing to check.
        _ = roaring_bitmap_shrink_to_fit(storage.bitmap)
        return hasRuns
    }

    /// Copies the bitmap if another `MemberSet` shares it, so changing this
    /// one leaves the others as they were.
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            storage = storage.copy()
        }
    }
}

// MARK: - Storage

extension MemberSet {
    /// The owner of one `roaring_bitmap_t`, freed in `deinit`.
    ///
    /// `@unchecked Sendable`: the bitmap is only written through a
    /// `MemberSet` that holds the sole reference (copy-on-write), so a shared
    /// bitmap is only ever read, which CRoaring allows from many threads.
    final class Storage: @unchecked Sendable {
        /// The bitmap; valid until `deinit`.
        let bitmap: UnsafeMutablePointer<roaring_bitmap_t>

        /// Takes ownership of `bitmap`.
        init(_ bitmap: UnsafeMutablePointer<roaring_bitmap_t>) {
            self.bitmap = bitmap
        }

        deinit {
            // The corresponding C function is `roaring_bitmap_free`.
            roaring_bitmap_free(bitmap)
        }

        /// A new storage with a copy of the bitmap.
        ///
        /// The corresponding C function is `roaring_bitmap_copy`.
        func copy() -> Storage {
            Storage(Self.checked(roaring_bitmap_copy(bitmap), "roaring_bitmap_copy"))
        }

        /// A new, empty bitmap.
        ///
        /// The corresponding C function is `roaring_bitmap_create`.
        static func makeBitmap() -> UnsafeMutablePointer<roaring_bitmap_t> {
            checked(roaring_bitmap_create(), "roaring_bitmap_create")
        }

        /// `bitmap`, or a trap naming `function` when CRoaring could not
        /// allocate it (it returns NULL only when memory is exhausted).
        static func checked(
            _ bitmap: UnsafeMutablePointer<roaring_bitmap_t>?,
            _ function: String
        ) -> UnsafeMutablePointer<roaring_bitmap_t> {
            guard let bitmap else {
                fatalError("MemberSet: \(function) returned NULL: out of memory")
            }
            return bitmap
        }
    }
}

// MARK: - Equatable, description

extension MemberSet: Equatable {
    /// Whether both sets have the same members.
    ///
    /// The corresponding C function is `roaring_bitmap_equals`.
    public static func == (lhs: MemberSet, rhs: MemberSet) -> Bool {
        lhs.storage === rhs.storage || roaring_bitmap_equals(lhs.storage.bitmap, rhs.storage.bitmap)
    }
}

extension MemberSet: CustomStringConvertible {
    /// The count and the first few members, e.g. `MemberSet(3 members: 1, 3, 7)`.
    public var description: String {
        let shown = first(8)
        let list = shown.map(String.init).joined(separator: ", ")
        let more = count > shown.count ? ", …" : ""
        return "MemberSet(\(count) members\(shown.isEmpty ? "" : ": ")\(list)\(more))"
    }
}

extension MemberSet: ExpressibleByArrayLiteral {
    /// Creates a set of the listed indexes: `let members: MemberSet = [1, 5, 9]`.
    public init(arrayLiteral indexes: UInt32...) {
        self.init(indexes)
    }
}
