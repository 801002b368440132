import Foundation

/// The state of one request across libmicrohttpd's calls to the access handler.
///
/// Made by the URI callback when the request line arrives, handed back by MHD in the
/// per-request context pointer, released by the completion callback. Only the pool
/// thread serving the connection touches it.
final class RequestContext {
    /// The request target exactly as the client sent it, before any unescaping.
    let rawTarget: String
    /// Set on the first access call, when the header fields are read.
    var hasStarted = false
    /// Set once a response is queued; later calls only drain the body.
    var isAnswered = false
    var method = ""
    var headers: [String: String] = [:]
    var body: [UInt8] = []
    /// The body went over the limit; the rest is read and dropped, then 413 is answered.
    var isBodyTooLarge = false
    /// Bytes dropped after the limit; past a hard cap the connection is closed.
    var droppedBytes = 0

    init(rawTarget: String) {
        self.rawTarget = rawTarget
    }

    /// Adds a header field, joining repeated names with `, `.
    func addHeader(name: String, value: String) {
        let key = name.lowercased()
        headers[key] = headers[key].map { "\($0), \(value)" } ?? value
    }
}
