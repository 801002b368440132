/// A source of body bytes read while the response is sent.
///
/// The server calls `nextChunk()` on one of its threads, one call at a time, until it
/// returns `nil`; empty chunks are skipped. A thrown error aborts the transfer.
public protocol ResponseStream: AnyObject {
    /// The next bytes of the body, or `nil` when the body is complete.
    func nextChunk() throws -> [UInt8]?
}

/// A stream whose chunks come from a closure.
final class ClosureResponseStream: ResponseStream {
    private let next: () throws -> [UInt8]?

    init(next: @escaping () throws -> [UInt8]?) {
        self.next = next
    }

    func nextChunk() throws -> [UInt8]? {
        try next()
    }
}
