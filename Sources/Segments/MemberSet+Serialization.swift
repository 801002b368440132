import CRoaring
import Foundation

// The portable roaring format (RoaringFormatSpec), shared by the C, Java and
// Go implementations: the store keeps memberships as these bytes.
extension MemberSet {
    /// The set in the portable roaring format.
    ///
    /// The corresponding C functions are `roaring_bitmap_portable_size_in_bytes`
    /// and `roaring_bitmap_portable_serialize`.
    public func serializedData() -> Data {
        let size = roaring_bitmap_portable_size_in_bytes(storage.bitmap)
        var data = Data(count: size)
        let written = data.withUnsafeMutableBytes { buffer in
            roaring_bitmap_portable_serialize(storage.bitmap, buffer.baseAddress?.assumingMemoryBound(to: CChar.self))
        }
        precondition(written == size, "MemberSet.serializedData(): wrote \(written) bytes, expected \(size)")
        return data
    }

    /// Reads a set from bytes in the portable roaring format, checking every
    /// header field, offset and container before CRoaring reads them, so
    /// corrupt or hostile bytes throw instead of crashing or yielding a
    /// malformed bitmap.
    ///
    /// The corresponding C function is `roaring_bitmap_portable_deserialize_safe`.
    /// - Parameter source: names where the bytes came from in an error
    ///   (e.g. `segment "VIP", refresh 12`).
    /// - Throws: ``MemberSetError`` naming the byte offset and the problem.
    public init(serializedData data: Data, source: String = "") throws {
        let bytes = [UInt8](data)
        let expectedCount: Int
        do {
            expectedCount = try PortableFormatValidator(bytes: bytes).validate()
        } catch let error as MemberSetError {
            throw MemberSetError(source: source, offset: error.offset, reason: error.reason)
        }
        let bitmap = bytes.withUnsafeBufferPointer { buffer -> UnsafeMutablePointer<roaring_bitmap_t>? in
            buffer.withMemoryRebound(to: CChar.self) { characters in
                roaring_bitmap_portable_deserialize_safe(characters.baseAddress, characters.count)
            }
        }
        guard let bitmap else {
            throw MemberSetError(source: source, offset: 0, reason: "CRoaring refused the bytes")
        }
        self.init(storage: Storage(bitmap))
        guard count == expectedCount else {
            throw MemberSetError(
                source: source,
                offset: 0,
                reason: "CRoaring read \(count) members where the header declares \(expectedCount)"
            )
        }
    }
}
