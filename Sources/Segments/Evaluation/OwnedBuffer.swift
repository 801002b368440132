/// Memory the engine allocates for a computed column (an aggregate's values),
/// freed when the last column that points into it is gone.
final class OwnedBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    // @unchecked: written once by the engine before any reader sees it, read-only afterwards.
    let pointer: UnsafeMutableBufferPointer<Element>

    /// `count` elements, each set to `value`.
    init(count: Int, repeating value: Element) {
        precondition(count >= 0, "OwnedBuffer.init(count:repeating:): count \(count) is negative")
        pointer = UnsafeMutableBufferPointer<Element>.allocate(capacity: count)
        pointer.initialize(repeating: value)
    }

    /// A copy of `values`.
    init(copying values: [Element]) {
        pointer = UnsafeMutableBufferPointer<Element>.allocate(capacity: values.count)
        _ = pointer.initialize(from: values)
    }

    /// The number of elements.
    var count: Int { pointer.count }

    /// The elements, read-only.
    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(pointer) }

    deinit {
        pointer.deallocate()
    }
}
