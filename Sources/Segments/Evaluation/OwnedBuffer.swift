/// Memory the engine allocates for a computed column (an aggregate's values),
/// freed (or given back to its pool) when the last column that points into it is gone.
final class OwnedBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    // @unchecked: written once by the engine before any reader sees it, read-only afterwards.
    let pointer: UnsafeMutableBufferPointer<Element>
    /// Where the memory came from and goes back to; `nil`: the allocator.
    private let pool: BufferPool?

    /// `count` elements, each set to `value`, in memory from `pool` when given.
    init(count: Int, repeating value: Element, pool: BufferPool? = nil) {
        precondition(count >= 0, "OwnedBuffer.init(count:repeating:pool:): count \(count) is negative")
        precondition(MemoryLayout<Element>.alignment <= BufferPool.alignment,
                     "OwnedBuffer.init(count:repeating:pool:): element alignment above the pool's")
        self.pool = pool
        if let pool {
            let raw = pool.take(bytes: count * MemoryLayout<Element>.stride)
            pointer = UnsafeMutableBufferPointer(start: raw.bindMemory(to: Element.self, capacity: count), count: count)
        } else {
            pointer = UnsafeMutableBufferPointer<Element>.allocate(capacity: count)
        }
        pointer.initialize(repeating: value)
    }

    /// A copy of `values`.
    init(copying values: [Element]) {
        pool = nil
        pointer = UnsafeMutableBufferPointer<Element>.allocate(capacity: values.count)
        _ = pointer.initialize(from: values)
    }

    /// The number of elements.
    var count: Int { pointer.count }

    /// The elements, read-only.
    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(pointer) }

    deinit {
        if let pool, let base = pointer.baseAddress {
            pool.recycle(UnsafeMutableRawPointer(base), bytes: pointer.count * MemoryLayout<Element>.stride)
        } else {
            pointer.deallocate()
        }
    }
}
