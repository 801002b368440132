import Foundation

/// What a handler answers: a status, header fields and a body held in memory or streamed.
public struct Response {
    /// Where the body's bytes come from.
    public enum Body {
        /// Bytes held in memory, copied to the server when the response is queued.
        case bytes([UInt8])
        /// Bytes produced chunk by chunk while they are sent (chunked transfer encoding).
        case stream(any ResponseStream)
    }

    /// The HTTP status code.
    public var status: Int
    /// Header fields in the order they are sent.
    public var headers: [HTTPHeader]
    public var body: Body

    /// Creates a response.
    public init(status: Int = 200, headers: [HTTPHeader] = [], body: Body = .bytes([])) {
        precondition((100...599).contains(status), "Response.init: \(status) is not an HTTP status")
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The encoder every JSON answer uses: sorted keys, ISO 8601 dates.
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }

    /// `value` encoded as JSON (`application/json`).
    ///
    /// - Throws: the encoder's error when `value` cannot be encoded.
    public static func json<T: Encodable>(_ value: T, status: Int = 200) throws -> Response {
        let data = try makeEncoder().encode(value)
        return Response(
            status: status, headers: [HTTPHeader("Content-Type", "application/json; charset=utf-8")],
            body: .bytes(Array(data)))
    }

    /// `value` encoded as JSON, for values whose encoding cannot fail.
    static func encodedJSON<T: Encodable>(_ value: T, status: Int) -> Response {
        do {
            return try json(value, status: status)
        } catch {
            preconditionFailure("Response.encodedJSON: \(T.self) failed to encode: \(error)")
        }
    }

    /// Plain UTF-8 text.
    public static func text(_ text: String, status: Int = 200) -> Response {
        Response(
            status: status, headers: [HTTPHeader("Content-Type", "text/plain; charset=utf-8")],
            body: .bytes(Array(text.utf8)))
    }

    /// Bytes of the given content type (`text/css`, `image/svg+xml`).
    public static func bytes(_ bytes: [UInt8], contentType: String, status: Int = 200) -> Response {
        Response(status: status, headers: [HTTPHeader("Content-Type", contentType)], body: .bytes(bytes))
    }

    /// A body produced while it is sent; `next` returns the next chunk, or `nil` at the end.
    ///
    /// An error thrown by `next` aborts the transfer, so the client sees an incomplete
    /// answer instead of a silently truncated one.
    public static func stream(
        contentType: String, status: Int = 200, next: @escaping () throws -> [UInt8]?
    ) -> Response {
        Response(
            status: status, headers: [HTTPHeader("Content-Type", contentType)],
            body: .stream(ClosureResponseStream(next: next)))
    }

    /// 204 No Content.
    public static var noContent: Response { Response(status: 204) }

    /// The first value of header `name` (any case).
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }

    /// Sets header `name`, replacing earlier fields of that name.
    public mutating func setHeader(_ name: String, _ value: String) {
        let lowered = name.lowercased()
        headers.removeAll { $0.name.lowercased() == lowered }
        headers.append(HTTPHeader(name, value))
    }
}
