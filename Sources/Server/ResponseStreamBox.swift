/// A `ResponseStream` and the part of its last chunk not yet handed to libmicrohttpd.
///
/// Retained through the response's context pointer and released by MHD's free callback.
final class ResponseStreamBox {
    let stream: any ResponseStream
    let log: @Sendable (String) -> Void
    private var pending: [UInt8] = []
    private var pendingOffset = 0

    init(stream: any ResponseStream, log: @escaping @Sendable (String) -> Void) {
        self.stream = stream
        self.log = log
    }

    /// The outcome of one fill: bytes written, the end, or a failure.
    enum Fill: Equatable {
        case bytes(Int)
        case end
        case failed
    }

    /// Copies up to `capacity` bytes of the body into `buffer`.
    func fill(_ buffer: UnsafeMutableRawPointer, capacity: Int) -> Fill {
        while pendingOffset == pending.count {
            do {
                guard let chunk = try stream.nextChunk() else { return .end }
                pending = chunk
                pendingOffset = 0
            } catch {
                log("a streamed response failed and was cut off: \(error)")
                return .failed
            }
        }
        let count = min(capacity, pending.count - pendingOffset)
        pending.withUnsafeBytes { source in
            buffer.copyMemory(from: source.baseAddress! + pendingOffset, byteCount: count)
        }
        pendingOffset += count
        return .bytes(count)
    }
}
