import CustomerData

/// A list of UTF-8 byte strings: `count + 1` offsets into a byte heap. The
/// engine's view of a text column, a category dictionary or a computed text column.
struct TextTable: @unchecked Sendable {
    // @unchecked: read-only views of memory-mapped or engine-owned storage kept alive by the column's owners.
    let offsets: UnsafeBufferPointer<UInt64>
    let bytes: UnsafeBufferPointer<UInt8>

    init(offsets: UnsafeBufferPointer<UInt64>, bytes: UnsafeBufferPointer<UInt8>) {
        self.offsets = offsets
        self.bytes = bytes
    }

    init(_ values: TextValues) {
        self.init(offsets: values.offsets, bytes: values.bytes)
    }

    var count: Int { max(0, offsets.count - 1) }

    /// The bytes of entry `index`.
    @inline(__always)
    func bytes(at index: Int) -> UnsafeBufferPointer<UInt8> {
        let start = Int(offsets[index])
        let end = Int(offsets[index + 1])
        guard let base = bytes.baseAddress else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: base + start, count: end - start)
    }

    /// Entry `index` as a string.
    func string(at index: Int) -> String {
        String(decoding: bytes(at: index), as: UTF8.self)
    }
}
